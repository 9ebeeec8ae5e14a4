"""Every shell command a lab README shows runs in a student's repository, as a student
would type it there: the builds succeed, each program it starts is found and runs (a
server keeps running until it is stopped; a starter's TODO may end it), and each harness
command grades. In the instructor's repository the test exports a student's first; in a
student's repository (export student) it runs the commands where it is."""

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHELL_FENCE = re.compile(r"^```(sh|bash|shell)\s*$")
NOT_RUN = ("bench",)  # (a benchmark builds the release preset of four labs: tests/harness/test_bench runs it)
RUNS_FOR = 2.0         # seconds a program is given: a server still running then is running as it should
NOT_FOUND = (126, 127)  # the shell's "cannot execute", "command not found"


def shown_commands(root):
    """(lab folder, command) of the shell blocks of each lab README, in order."""
    found = []
    for folder in sorted(os.listdir(os.path.join(root, "labs"))):
        readme = os.path.join(root, "labs", folder, "README.md")
        if not os.path.exists(readme):
            continue
        inside = False
        with open(readme, encoding="utf-8") as page:
            for line in page:
                stripped = line.strip()
                if stripped.startswith("```"):
                    inside = bool(SHELL_FENCE.match(stripped)) and not inside
                    continue
                command = stripped.split(" # ")[0].split("  #")[0].strip()
                if inside and command and (folder, command) not in found:
                    found.append((folder, command))
    return found


def kind_of(command):
    words = shlex.split(command)
    if words[0] == "cmake":
        return "build"
    if words[:3] == ["python3", "-m", "harness"]:
        return None if words[3] in NOT_RUN else "harness"
    return "program"


class LabCommands(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.where = ROOT
        if os.path.isdir(os.path.join(ROOT, "solutions")):
            cls.where = os.path.join(tempfile.mkdtemp(prefix="labs-student-"), "repo")
            exported = subprocess.run([sys.executable, "-m", "harness", "export", "student", cls.where], cwd=ROOT,
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                                      timeout=300)
            if exported.returncode != 0:
                raise AssertionError(exported.stdout)

    @classmethod
    def tearDownClass(cls):
        if cls.where != ROOT:
            shutil.rmtree(os.path.dirname(cls.where), ignore_errors=True)

    def test_every_command_of_every_lab_readme_runs_in_a_students_repository(self):
        commands = shown_commands(self.where)
        self.assertGreaterEqual(len({folder for folder, _ in commands}), 9)
        ran = 0
        for folder, command in commands:
            kind = kind_of(command)
            if kind is None:
                continue
            with self.subTest(lab=folder, command=command):
                if kind == "program":
                    self.run_program(command)
                else:
                    result = subprocess.run(command, shell=True, cwd=self.where, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                                            timeout=900, env=dict(os.environ, PYTHONPATH=""),
                                            executable=shutil.which("bash"))
                    allowed = (0,) if kind == "build" else (0, 1)  # (a starter's checks fail: that is its job)
                    self.assertIn(result.returncode, allowed, result.stdout[-3000:])
                    self.assertNotIn("Traceback", result.stdout)
                ran += 1
        self.assertGreater(ran, 25)

    def run_program(self, command):
        """Starts what the README starts; it must be found, run, and not crash."""
        program = subprocess.Popen(command, shell=True, cwd=self.where, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True,
                                   start_new_session=True, executable=shutil.which("bash"))
        try:
            output, _ = program.communicate(timeout=RUNS_FOR)
            status = program.returncode
        except subprocess.TimeoutExpired:
            os.killpg(program.pid, signal.SIGTERM)  # (a server: still running, as it should be)
            output, _ = program.communicate(timeout=30)
            status = None
        self.assertNotIn(status, NOT_FOUND, output)
        self.assertFalse(status is not None and status < 0, "killed by signal {}: {}".format(status, output))
        self.assertIn(status, (None, 0, 1), output)


if __name__ == "__main__":
    unittest.main()
