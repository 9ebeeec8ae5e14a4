"""Gradescope: the autograder bundle, grading inside Gradescope's container, and trying a
bundle here exactly as Gradescope would run it.

What Gradescope does with a bundle (its autograder specification): it unzips
autograder.zip into /autograder/source, runs source/setup.sh there once as root to build
the image, and copies source/run_autograder to /autograder/run_autograder. For each
submission it puts the student's files in /autograder/submission, runs
/autograder/run_autograder as root from /autograder, and reads
/autograder/results/results.json.

    export gradescope DIR             DIR/autograder.zip: the student repository at the
                                      zip's root, with setup.sh and run_autograder
    autograde                         what run_autograder runs: take the lab sources from
                                      the submission, grade them, write results.json always
    export gradescope DIR --try PATH  lays a folder out as /autograder is, runs the bundle's
                                      run_autograder there on PATH, shows the scores
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

from . import labs, process
from .report import Reporter
from .report.machine import VISIBILITIES, gradescope_results, render_json
from .results import LabResult, RunResult

STUDENT_USER = "labs-student"  # setup.sh makes it; the programs under test run as it
UNFINISHED_MARK = "harness-did-not-finish"

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, as root, from the bundle unzipped into /autograder/source, to
# build the autograder's image (Ubuntu). It installs what grading needs, makes the
# unprivileged user the students' programs run as, and builds everything but the
# students' code, so that each submission compiles only its own files.
set -euo pipefail
cd "$(dirname "$0")"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \\
  python3 python3-pip g++ ninja-build libasio-dev cmake passwd >/dev/null
# The presets need CMake 3.25 or newer; Ubuntu 22.04 has 3.22.
if ! cmake -P /dev/stdin <<<'if(CMAKE_VERSION VERSION_LESS 3.25)
  message(FATAL_ERROR old)
endif()' 2>/dev/null; then
  python3 -m pip install --quiet 'cmake>=3.25'
  hash -r
fi
id -u {user} >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin {user}
python3 -m harness autograde --prepare {labs}
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this as root, as /autograder/run_autograder, for each submission (the
# student's files are in /autograder/submission). It grades them with the harness of
# source/ (the instructor's, never the student's), and leaves results/results.json
# whatever happens: a placeholder first, which the harness replaces; if the harness
# dies, the placeholder says so.
set -u
root="$(cd "$(dirname "$0")" && pwd)"
results="$root/results/results.json"
mkdir -p "$root/results"
say() {{  # a results.json that tells the student, and the instructor, what went wrong
  printf '{{"score": 0, "output": "%s", "extra_data": {{"{mark}": true}}, "tests": []}}\\n' "$1" > "$results"
}}
say "The autograder stopped before it finished (a time limit, or out of memory). Please tell your instructor."
run_as=()
if [ "$(id -u)" = 0 ]; then run_as=(--run-as {user}); fi
(cd "$root/source" && python3 -m harness autograde --root "$root" {arguments} "${{run_as[@]}}")
status=$?
if grep -q '"{mark}"' "$results" 2>/dev/null; then
  say "The autograder could not grade this submission (the harness exited with status $status). Please tell your instructor."
fi
exit 0
"""


class GradescopeError(Exception):
    pass


# --- the bundle


def parse_visibility(settings, hidden=()):
    """["tcp-server/clean-shutdown=after_published", "01=hidden", "all=after_due_date"] and
    --hidden CHECK (the same as CHECK=hidden) -> {key: when}. A key is a check id, a lab, or
    all; GradescopeError names a bad one."""
    from .checks import CATALOGUE
    chosen = {}
    for setting in list(settings) + ["{}=hidden".format(check) for check in hidden]:
        key, _, when = setting.partition("=")
        if when not in VISIBILITIES:
            raise GradescopeError("--visibility {!r}: say CHECK=WHEN, WHEN one of {}".format(
                setting, ", ".join(VISIBILITIES)))
        if key != "all" and key != labs.BUILDS and key not in CATALOGUE:
            try:
                key = labs.find_labs([key])[0].folder
            except labs.UnknownLab:
                raise GradescopeError("--visibility {!r}: no check or lab {!r} (see --list)".format(
                    setting, key)) from None
        chosen[key] = when
    return chosen


def bundle_files(root, chosen_labs, visibility):
    """{path in autograder.zip: bytes}: the student repository at the root (no solutions:
    the export's leak check has run on it), setup.sh and run_autograder."""
    from .export import student_files
    files = {path: data for path, data in student_files(root).items() if not path.startswith(".github/")}
    arguments = [lab.number for lab in chosen_labs]
    arguments += ["--visibility {}={}".format(key, when) for key, when in sorted(visibility.items())]
    files["setup.sh"] = SETUP.format(user=STUDENT_USER, labs=" ".join(lab.number for lab in chosen_labs)).encode("utf-8")
    files["run_autograder"] = RUN_AUTOGRADER.format(
        user=STUDENT_USER, mark=UNFINISHED_MARK, arguments=" ".join(arguments)).encode("utf-8")
    return files


def write_zip(files, path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.external_attr = (0o100755 if files[name].startswith(b"#!") else 0o100644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, files[name])


# --- inside Gradescope's container


def take_submission(submission, tree, chosen_labs):
    """Copies each program's source of `chosen_labs` from the submission folder into the
    labs/ of `tree`: labs/NN-name/PROGRAM.cpp in the submission, or else a PROGRAM.cpp
    anywhere in it (the files uploaded alone). Returns notes for the student."""
    found = {}
    for folder, _, names in sorted(os.walk(submission)):
        for name in sorted(names):
            path = os.path.join(folder, name)
            # A link could make the grader (root) copy any file of the machine into the build.
            if not os.path.islink(path) and os.path.isfile(path):
                found.setdefault(name, []).append(path)
    notes = []
    for lab in chosen_labs:
        for program in lab.programs:
            name = program + ".cpp"
            exact = [path for path in found.get(name, []) if path.replace(os.sep, "/").endswith(
                "labs/{}/{}".format(lab.folder, name))]
            candidates = exact or found.get(name, [])
            if not candidates:
                notes.append("Your submission has no `{}`: lab {} was graded with its starter.".format(
                    name, lab.folder))
                continue
            # copyfile, not copy2: a new modification time, so the build sees a change even
            # when the submitted file is older than the starter built into the image.
            shutil.copyfile(candidates[0], os.path.join(tree, "labs", lab.folder, name))
            shown = os.path.relpath(candidates[0], submission).replace(os.sep, "/")
            also = " (it has {} files of that name; the first was taken)".format(len(candidates)) \
                if len(candidates) > 1 else ""
            notes.append("Graded `{}` as lab {}'s `{}`{}.".format(shown, lab.folder, name, also))
    return notes


def protect(root, run_as):
    """What the students' programs must not reach: the results (and earlier submissions'
    scores in submission_metadata.json) become root's alone. The grader's files are root's
    and not writable by others, as unzipped."""
    if run_as is None:
        return
    os.chmod(os.path.join(root, "results"), 0o700)
    metadata = os.path.join(root, "submission_metadata.json")
    if os.path.exists(metadata):
        os.chmod(metadata, 0o600)


class ResultsFile(Reporter):
    """results.json, written again after every check (a harness killed half-way leaves the
    checks that ran), and whole at the end. Each write replaces the file at once."""

    def __init__(self, path, visibility, notes):
        super().__init__()
        self.path = path
        self.visibility = visibility
        self.notes = notes
        self.labs = {}   # job name -> LabResult so far
        self.order = []
        self.started = time.monotonic()

    def job_started(self, job):
        self.labs[job.name] = LabResult(job.id, job.name)
        self.order.append(job.name)

    def check_finished(self, job, result):
        self.labs[job.name].checks.append(result)
        self.write(RunResult([self.labs[name] for name in self.order]),
                   unfinished="the checks below are those that ran; the others did not (a time limit?)")

    def run_finished(self, run_result):
        self.write(run_result)

    def write(self, run_result, unfinished=""):
        write_results(self.path, gradescope_results(run_result, self.visibility, self.notes,
                                                    seconds=time.monotonic() - self.started, unfinished=unfinished))


def write_results(path, document):
    temporary = path + ".part"
    with open(temporary, "w", encoding="utf-8") as out:
        out.write(render_json(document))
    os.replace(temporary, path)


def failed_results(message, notes=()):
    """results.json when the harness cannot grade at all: the student told plainly, the
    instructor given the reason."""
    return {"score": 0, "output_format": "md", "output": "\n".join(
        ["The autograder could not grade this submission; your instructor can see why here.", "",
         "```text", message.strip(), "```"] + ["- " + note for note in notes]) + "\n",
        "tests": []}


def timeout_scale():
    """How much to stretch the time limits on this container: Gradescope's default gives a
    fraction of a CPU (a cgroup quota), where a check's 2 s would mean less than 1 s of CPU."""
    quota = cpu_quota()
    return 1.0 if quota is None or quota >= 1 else min(1 / quota, 4.0)


def cpu_quota():
    """The CPUs this process may use per second under its cgroup's quota (0.5 for half a
    CPU), or None without a quota: cgroup v2's cpu.max, or v1's cfs quota and period, of the
    cgroup /proc/self/cgroup names (in a container, its own root)."""
    try:
        with open("/proc/self/cgroup") as own:
            lines = [line.strip().split(":", 2) for line in own if line.count(":") >= 2]
    except OSError:
        return None
    for _, controllers, path in lines:
        if controllers == "":  # v2
            candidates = [("/sys/fs/cgroup" + path.rstrip("/") + "/cpu.max", None)]
        elif "cpu" in controllers.split(","):  # v1
            candidates = [("/sys/fs/cgroup/" + mount + path.rstrip("/") + "/cpu.cfs_quota_us", mount)
                          for mount in ("cpu", "cpu,cpuacct")]
        else:
            continue
        for file, v1_mount in candidates:
            try:
                with open(file) as limit:
                    text = limit.read().split()
                if v1_mount is not None:
                    with open(file.replace("cfs_quota_us", "cfs_period_us")) as limit:
                        text.append(limit.read().strip())
                quota, period = text[0], text[1]
                return None if quota in ("max", "-1") else int(quota) / int(period)
            except (OSError, ValueError, IndexError):
                continue
    return None


# --- trying a bundle here


def lay_out(bundle_zip, submission_paths, folder):
    """A folder laid out as Gradescope lays out /autograder: source/ (the zip unzipped),
    run_autograder (copied up from source/), submission/ (the paths given: a folder's
    content, a zip's content, or files), results/. Returns the path of run_autograder."""
    source = os.path.join(folder, "source")
    with zipfile.ZipFile(bundle_zip) as bundle:
        bundle.extractall(source)
        for info in bundle.infolist():  # zipfile keeps no modes: the executable bit, as unzip does
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                os.chmod(os.path.join(source, info.filename), mode)
    run_autograder = os.path.join(folder, "run_autograder")
    shutil.copy(os.path.join(source, "run_autograder"), run_autograder)
    submission = os.path.join(folder, "submission")
    os.makedirs(submission)
    for path in submission_paths:
        if os.path.isdir(path):
            shutil.copytree(path, submission, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git", "build"))
        elif zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as uploaded:
                uploaded.extractall(submission)
        elif os.path.isfile(path):
            shutil.copy(path, submission)
        else:
            check_submission_paths([path])
    os.makedirs(os.path.join(folder, "results"))
    return run_autograder


def try_bundle(bundle_zip, submission_paths, say=print):
    """Runs the bundle on a submission as Gradescope would, and returns results.json. Of
    setup.sh it runs the part that builds (this machine must have what it installs)."""
    if os.name == "nt":
        raise GradescopeError("--try runs Gradescope's bash scripts: use Linux, macOS or WSL")
    if os.geteuid() == 0:
        _make_student_user(say)
    else:
        say("note: not root, so the students' programs run as you (on Gradescope, as {})".format(STUDENT_USER))
    folder = tempfile.mkdtemp(prefix="autograder-")
    try:
        os.chmod(folder, 0o755)  # as /autograder is: the student user may go through it
        run_autograder = lay_out(bundle_zip, submission_paths, folder)
        say("laid out as Gradescope does, in {}".format(folder))
        prepare = setup_build_step(os.path.join(folder, "source", "setup.sh"))
        say("+ {}   (the end of setup.sh: builds all but the submission)".format(" ".join(prepare)))
        if process.run_in_the_foreground([sys.executable] + prepare[1:], os.path.join(folder, "source")) != 0:
            raise GradescopeError("setup.sh's build failed (above)")
        say("+ run_autograder   (as Gradescope runs /autograder/run_autograder, here from {})".format(folder))
        process.run_in_the_foreground([run_autograder], folder)
        with open(os.path.join(folder, "results", "results.json"), encoding="utf-8") as results:
            return json.load(results)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_submission_paths(paths):
    """GradescopeError naming a path of --try that is not there (before anything is written)."""
    missing = [path for path in paths if not os.path.exists(path)]
    if missing:
        raise GradescopeError("no such submission: {}".format(", ".join(missing)))


def setup_build_step(setup_sh):
    """The command of setup.sh that builds (its last line), as a list."""
    with open(setup_sh, encoding="utf-8") as script:
        return script.read().strip().splitlines()[-1].split()


def _make_student_user(say):
    import pwd
    try:
        pwd.getpwnam(STUDENT_USER)
    except KeyError:
        say("making the user {} that setup.sh makes on Gradescope (useradd --system)".format(STUDENT_USER))
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", STUDENT_USER],
                       check=True)


def tell_results(document, say=print):
    """The scores of a results.json, as an instructor checking a bundle wants them."""
    for test in document.get("tests", []):
        mark = "PASS" if test.get("status") == "passed" else "FAIL"
        hidden = "" if test.get("visibility", "visible") == "visible" else "  [{}]".format(test["visibility"])
        say("  {}  {:>3}/{:<3} {}{}".format(mark, test["score"], test["max_score"], test["name"], hidden))
    say("score: {}/{}".format(document.get("score"), (document.get("extra_data") or {}).get("max_score", "?")))
    if document.get("output"):
        say(document["output"].rstrip())

