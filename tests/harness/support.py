"""What the harness's tests share: running the harness as a user would, and where the
planted-bug programs are."""

import json
import os
import subprocess
import sys

from harness import labs

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PLANTED = os.path.join(HERE, "planted")
SEED = os.path.join(HERE, "seed")
TIME_LIMIT = 120
# A student's export has no solutions, and its labs/ hold the student's own code, which may
# not build or serve yet.
HAS_SOLUTIONS = labs.has_solutions(ROOT)
NEEDS_SOLUTIONS = "needs the reference solutions (an instructor's repository)"
# The GitHub Classroom workflow: kept in .github/classroom/, and where GitHub runs it in a
# student's repository.
CLASSROOM_WORKFLOW = next((path for path in (os.path.join(ROOT, ".github", "classroom", "classroom.yml"),
                                             os.path.join(ROOT, ".github", "workflows", "classroom.yml"))
                           if os.path.exists(path)), None)


def run_harness(*args, stdin=None, env_add=None):
    """Runs `python3 -m harness ARGS` from the repository root, in English whatever the
    locale (unless `env_add` says otherwise); returns the completed process (stdout and
    stderr as text)."""
    env = dict(os.environ, LABS_LANG="en")
    env.update(env_add or {})
    return subprocess.run([sys.executable, "-m", "harness"] + list(args), cwd=ROOT, stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          encoding="utf-8", timeout=TIME_LIMIT, env=env)


def check_json(role, *args, **commands):
    """`check ROLE ... --format json`: (exit status, {check id: check}) for its one job."""
    options = []
    for name, command in commands.items():
        options += ["--" + name.replace("_", "-"), command]
    result = run_harness("check", role, "--format", "json", *(options + list(args)))
    if result.returncode not in (0, 1):
        raise AssertionError("harness exit status {}:\n{}\n{}".format(result.returncode, result.stdout, result.stderr))
    document = json.loads(result.stdout)
    return result.returncode, {check["id"]: check for check in document["labs"][0]["checks"]}


def planted(name, address="--port {port}"):
    """The command line of the planted program `name`.py, told its address."""
    return "{} {} {}".format(_quote(sys.executable), _quote(os.path.join(PLANTED, name + ".py")), address)


def _quote(path):
    return '"{}"'.format(path) if " " in path else path
