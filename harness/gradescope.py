"""Gradescope: the autograder bundle, and grading inside Gradescope's container (trying a
bundle here as Gradescope would run it is gradescope_try.py).

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
    export gradescope DIR --try PATH  gradescope_try.py: the bundle run here on PATH, as
                                      Gradescope runs it
"""

import argparse
import os
import shutil
import sys
import traceback
import zipfile

from . import export, labs, prerequisites, process, runner
from .checks import CATALOGUE
from .errors import HarnessError, UsageError
from .plan import Plan, plan_grade
from .sandbox import RunAs
from .report import Reporters
from .report.machine import VISIBILITIES, GradescopeReporter, render_json
from .report.text import TextReporter
from .results import LabResult, RunResult
from .subject import Timing

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
  say "The autograder could not grade this submission (harness exit status $status): please tell your instructor."
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
    files = {path: data for path, data in export.student_files(root).items() if not path.startswith(".github/")}
    arguments = [lab.number for lab in chosen_labs]
    arguments += ["--visibility {}={}".format(key, when) for key, when in sorted(visibility.items())]
    numbers = " ".join(lab.number for lab in chosen_labs)
    files["setup.sh"] = SETUP.format(user=STUDENT_USER, labs=numbers).encode("utf-8")
    files["run_autograder"] = RUN_AUTOGRADER.format(
        user=STUDENT_USER, mark=UNFINISHED_MARK, arguments=" ".join(arguments)).encode("utf-8")
    return files


def export_bundle(root, destination, lab_names=(), visibility=None):
    """Writes DESTINATION/autograder.zip; returns its path and the labs it grades. Refused
    if solution code would go into it, as the student export is."""
    chosen = labs.find_labs(lab_names)
    files = bundle_files(root, chosen, visibility or {})
    leaks = export.solution_leaks(root, files)
    if leaks:
        raise export.ExportError("solution code would go into the bundle:\n  " + "\n  ".join(leaks))
    export.refuse_used_folder(destination)
    os.makedirs(destination, exist_ok=True)
    path = os.path.join(destination, "autograder.zip")
    write_zip(files, path)
    return path, chosen


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


class ResultsFile(GradescopeReporter):
    """results.json, written again after every check (a harness killed half-way leaves the
    checks that ran), and whole at the end. Each write replaces the file at once."""

    def __init__(self, path, visibility, notes):
        super().__init__(None, visibility, notes)
        self.path = path
        self.labs = {}   # job name -> LabResult so far, in the order the jobs started

    def job_started(self, job):
        self.labs[job.name] = LabResult(job.id, job.name)

    def check_finished(self, job, result):
        self.labs[job.name].checks.append(result)
        write_results(self.path, self.document(
            RunResult(list(self.labs.values())),
            unfinished="the checks below are those that ran; the others did not (a time limit?)"))

    def run_finished(self, run_result):
        write_results(self.path, self.document(run_result))


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


def autograde(arguments, tree):
    """`autograde`, inside Gradescope's container: with --prepare, builds all but the
    submission (setup.sh); else grades the submission into `tree` (the bundle's source),
    writing results.json whatever happens; every program of the student user is gone at
    the end."""
    if arguments.prepare:
        prerequisites.main_for("grade")
        targets = ["lab" + lab.number for lab in labs.find_labs(arguments.labs)] + ["load_client"]
        for step in (["cmake", "--preset", "default", "-DBUILD_TESTING=OFF"],
                     ["cmake", "--build", "--preset", "default", "--target"] + targets):
            print("+ " + " ".join(step), flush=True)
            if process.run_in_the_foreground(step, tree) != 0:
                return 2
        return 0
    root = os.path.abspath(arguments.root)
    if not os.path.isdir(os.path.join(root, "submission")):
        raise UsageError("autograde runs in Gradescope's container, and {} is not there; to run a bundle "
                         "as Gradescope would: export gradescope DIR --try SUBMISSION".format(
                             os.path.join(root, "submission")))
    results = os.path.join(root, "results", "results.json")
    os.makedirs(os.path.dirname(results), exist_ok=True)
    notes, run_as = [], None
    try:
        run_as = RunAs(arguments.run_as) if arguments.run_as else None
        chosen = labs.find_labs(arguments.labs)
        visibility = parse_visibility(arguments.visibility, arguments.hidden)
        protect(root, run_as)
        notes = take_submission(os.path.join(root, "submission"), tree, chosen)
        for note in notes:
            print(note)
        grading = argparse.Namespace(impl="labs", labs=[lab.number for lab in chosen], preset="default",
                                     build_dir=None, no_build=False, only=[], run_as=arguments.run_as)
        to_run = Plan(plan_grade(grading), Timing(arguments.timeout_scale or timeout_scale()))
        runner.run_plan(to_run, Reporters([TextReporter(sys.stdout), ResultsFile(results, visibility, notes)]))
        return 0
    except KeyboardInterrupt:
        raise  # Gradescope's time limit: the checks that ran are in results.json already
    except Exception as error:  # whatever it is, the student gets a results.json that says so
        known = (UsageError, HarnessError, ValueError, OSError, GradescopeError, labs.UnknownLab)
        message = str(error) if isinstance(error, known) else traceback.format_exc()
        print("harness: " + message, file=sys.stderr)
        write_results(results, failed_results(message, notes))
        return 2
    finally:
        if run_as is not None:
            run_as.kill_all()
