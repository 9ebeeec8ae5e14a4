"""`export gradescope DIR --try PATH`: a bundle run here exactly as Gradescope runs it.
A temporary folder is laid out as Gradescope lays out /autograder (source/ unzipped from
the bundle, run_autograder copied up from it, submission/, results/); the build of
setup.sh runs, then run_autograder, and the results.json it wrote is read back."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from . import gradescope, process
from .gradescope import STUDENT_USER, GradescopeError


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


def main(arguments, root):
    """`export gradescope DIR [--try PATH...]`: the bundle, and the try if asked for. Exits
    with 0 when the try got full marks (or there was none), 1 when not."""
    visibility = gradescope.parse_visibility(arguments.visibility, arguments.hidden)
    check_submission_paths(arguments.try_paths or [])
    bundle, chosen = gradescope.export_bundle(root, arguments.destination, arguments.labs, visibility)
    print("wrote the Gradescope autograder {} (it grades {}): upload it in Configure Autograder".format(
        bundle, ", ".join(lab.folder for lab in chosen)))
    if not arguments.try_paths:
        return 0
    results = try_bundle(bundle, arguments.try_paths, say=lambda text: print(text, flush=True))
    kept = os.path.join(arguments.destination, "results.json")
    gradescope.write_results(kept, results)
    print("results.json, as Gradescope would read it (kept in {}):".format(kept))
    tell_results(results)
    full = results.get("score") == (results.get("extra_data") or {}).get("max_score")
    return 0 if full else 1
