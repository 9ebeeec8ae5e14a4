"""The GitHub Classroom workflow students get (.github/workflows/classroom.yml): a step per
lab, each lab's result handed to the reporter (or LAB_DID_NOT_REPORT when its step wrote
none), and its shell steps doing what they say when run."""

import base64
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import labs
from tests.harness.support import CLASSROOM_WORKFLOW


def workflow_text():
    with open(CLASSROOM_WORKFLOW, encoding="utf-8") as workflow:
        return workflow.read()


def step_script(name):
    """The `run: |` script of the step called `name` (the workflow is read as text: the
    harness's tests use the standard library alone, which reads no YAML)."""
    lines = workflow_text().splitlines()
    start = next(index for index, line in enumerate(lines) if line.strip() == "- name: " + name)
    script, inside = [], False
    for line in lines[start + 1:]:
        if line.strip().startswith("- name:"):
            break
        if line.strip() == "run: |":
            inside = True
            continue
        if inside:
            script.append(line.strip())
    return "\n".join(script) + "\n"


class Steps(unittest.TestCase):
    def test_every_lab_is_a_step_and_a_runner_of_the_reporter(self):
        text = workflow_text()
        runners = re.search(r"runners: (\S+)", text).group(1).split(",")
        self.assertEqual(runners, ["lab" + lab.number for lab in labs.LABS])
        for lab in labs.LABS:
            with self.subTest(lab=lab.number):
                self.assertIn("id: lab{}\n".format(lab.number), text)
                self.assertIn("run: python3 -m harness grade {} --format github\n".format(lab.number), text)
                self.assertIn("LAB{0}_RESULTS: ${{{{ steps.lab{0}.outputs.result || env.LAB_DID_NOT_REPORT }}}}"
                              .format(lab.number), text)

    def test_the_fallback_result_is_one_lab_lost(self):
        encoded = re.search(r"^\s+LAB_DID_NOT_REPORT: (\S+)$", workflow_text(), re.M).group(1)
        result = json.loads(base64.b64decode(encoded))
        self.assertEqual((result["version"], result["status"], result["max_score"]), (1, "error", 100))
        self.assertEqual([(test["score"], test["status"], test["line_no"]) for test in result["tests"]],
                         [(0, "error", 0)])

    @unittest.skipIf(os.name == "nt", "the workflow's steps are bash, on ubuntu-latest")
    def test_the_kit_gets_the_student_lab_sources_and_nothing_else(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        files = {"labs/01-tcp-server/tcp_server.cpp": "student's 01", "harness/cli.py": "student's harness",
                 ".kit/labs/01-tcp-server/tcp_server.cpp": "starter 01",
                 ".kit/labs/02-tcp-client/tcp_client.cpp": "starter 02", ".kit/harness/cli.py": "instructor's"}
        for path, text in files.items():
            os.makedirs(os.path.join(folder, os.path.dirname(path)), exist_ok=True)
            with open(os.path.join(folder, path), "w", encoding="utf-8") as out:
                out.write(text)
        done = subprocess.run(["bash", "-e", "-c", step_script("Put the student's lab sources into the kit")],
                              cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, timeout=60)
        self.assertEqual(done.returncode, 0, done.stdout)

        def read(path):
            with open(os.path.join(folder, path), encoding="utf-8") as text:
                return text.read()
        self.assertEqual(read(".kit/labs/01-tcp-server/tcp_server.cpp"), "student's 01")
        self.assertEqual(read(".kit/labs/02-tcp-client/tcp_client.cpp"), "starter 02")
        self.assertEqual(read(".kit/harness/cli.py"), "instructor's")


if __name__ == "__main__":
    unittest.main()
