"""The Gradescope bundle, run as Gradescope runs it: autograder.zip unzipped into
source/ of a folder laid out as /autograder, setup.sh's build, source/run_autograder
copied up and run as root from there, the submission in submission/. Each scenario
restores the starters first, as each submission gets a fresh container of the image.
What comes out must be a results.json that Gradescope's specification accepts, whatever
the submission does, and whatever happens to the harness."""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import zipfile

from harness import gradescope, gradescope_try, labs
from tests.harness import gradescope_schema
from tests.harness.support import HAS_SOLUTIONS, NEEDS_SOLUTIONS, ROOT, run_harness

LIMIT = 600
SOLUTION = os.path.join(ROOT, "solutions", "01-tcp-server", "tcp_server.cpp")
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def write(path, text):
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)


@unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS)
@unittest.skipIf(os.name == "nt", "Gradescope runs bash scripts on Linux")
class Bundle(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="labs-gradescope-")
        os.chmod(cls.folder, 0o755)
        result = run_harness("export", "gradescope", os.path.join(cls.folder, "bundle"), "--labs", "01",
                             "--visibility", "tcp-server/clean-shutdown=after_published", "--hidden",
                             "tcp-server/busy-port")
        assert result.returncode == 0, result.stderr
        cls.zip = os.path.join(cls.folder, "bundle", "autograder.zip")
        cls.autograder = os.path.join(cls.folder, "autograder")  # plays /autograder
        os.makedirs(cls.autograder)
        os.chmod(cls.autograder, 0o755)
        cls.run_autograder = gradescope_try.lay_out(cls.zip, [], cls.autograder)
        source = os.path.join(cls.autograder, "source")
        prepare = gradescope_try.setup_build_step(os.path.join(source, "setup.sh"))
        built = subprocess.run([sys.executable] + prepare[1:], cwd=source, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, universal_newlines=True, timeout=LIMIT)
        assert built.returncode == 0, built.stdout
        cls.starters = os.path.join(cls.folder, "starters")
        shutil.copytree(os.path.join(source, "labs"), cls.starters)
        if IS_ROOT:
            gradescope_try._make_student_user(lambda text: None)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def submit(self, files):
        """A fresh container of the image gets the submission {name: text}; returns the
        started run_autograder (as Gradescope starts it: from /autograder)."""
        source = os.path.join(self.autograder, "source")
        shutil.rmtree(os.path.join(source, "labs"))
        shutil.copytree(self.starters, os.path.join(source, "labs"))
        for folder, _, names in os.walk(os.path.join(source, "labs")):
            for name in names:  # newer than what the last scenario built: the image's starters again
                os.utime(os.path.join(folder, name))
        for name in ("submission", "results"):
            shutil.rmtree(os.path.join(self.autograder, name), ignore_errors=True)
            os.makedirs(os.path.join(self.autograder, name))
        for name, text in files.items():
            path = os.path.join(self.autograder, "submission", name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            write(path, text)
        return subprocess.Popen([self.run_autograder], cwd=self.autograder, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True, start_new_session=True)

    def results(self, running):
        output = running.communicate(timeout=LIMIT)[0]
        self.assertEqual(running.returncode, 0, output)
        with open(os.path.join(self.autograder, "results", "results.json"), encoding="utf-8") as results:
            document = json.load(results)
        self.assertEqual(gradescope_schema.problems(document), [], document)
        return document, output

    def grade(self, files):
        return self.results(self.submit(files))

    def by_check(self, document):
        return {test["name"].split(" ", 1)[1]: test for test in document["tests"]}

    def test_the_zip_root_holds_what_gradescope_runs(self):
        with zipfile.ZipFile(self.zip) as bundle:
            names = set(bundle.namelist())
            modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in bundle.infolist()}
        for name in ("setup.sh", "run_autograder", "harness/__main__.py", "labs/01-tcp-server/tcp_server.cpp",
                     "CMakeLists.txt"):
            self.assertIn(name, names)
        self.assertEqual(modes["run_autograder"] & 0o111, 0o111)
        self.assertFalse([name for name in names if name.startswith(("solutions/", "source/", ".github/"))])

    def test_a_solution_gets_full_marks_with_each_visibility_as_asked(self):
        with open(SOLUTION, encoding="utf-8") as solution:
            document, output = self.grade({"tcp_server.cpp": solution.read()})  # uploaded alone
        self.assertEqual(document["score"], 100, output)
        tests = self.by_check(document)
        self.assertEqual({test["status"] for test in tests.values()}, {"passed"})
        self.assertEqual({name: test["visibility"] for name, test in tests.items() if "visibility" in test},
                         {"tcp-server/clean-shutdown": "after_published", "tcp-server/busy-port": "hidden"})
        self.assertIn("Graded `tcp_server.cpp`", document["output"])
        self.assertIsInstance(document["execution_time"], int)

    def test_a_file_in_its_lab_folder_is_found_there(self):
        with open(SOLUTION, encoding="utf-8") as solution:
            text = solution.read()
        document, _ = self.grade({"repo/labs/01-tcp-server/tcp_server.cpp": text,
                                  "repo/old/tcp_server.cpp": "int main() { return 1; }\n"})
        self.assertEqual(document["score"], 100)
        self.assertIn("repo/labs/01-tcp-server/tcp_server.cpp", document["output"])

    def test_the_starter_scores_less_and_every_failure_has_its_story_and_hint(self):
        document, _ = self.grade({})
        self.assertLess(document["score"], 100)
        self.assertIn("no `tcp_server.cpp`", document["output"])
        failed = [test for test in document["tests"] if test["status"] == "failed"]
        self.assertTrue(failed)
        self.assertEqual([test["name"] for test in failed if "**Hint:**" not in test["output"]], [])
        self.assertEqual([test["name"] for test in failed if not test["tags"]], [])

    def test_a_file_that_does_not_compile_gets_0_and_the_compilers_first_errors(self):
        with open(SOLUTION, encoding="utf-8") as solution:
            broken = solution.read() + "\nint broken() { return undeclared_name; }\n"
        document, _ = self.grade({"tcp_server.cpp": broken})
        self.assertEqual(document["score"], 0)
        builds = self.by_check(document)["builds"]
        self.assertEqual(builds["status"], "failed")
        self.assertIn("undeclared_name", builds["output"])
        self.assertIn("tcp_server.cpp:", builds["output"])
        self.assertNotIn("visibility", builds)  # a student must see why

    def test_a_harness_killed_half_way_leaves_the_checks_that_ran(self):
        with open(SOLUTION, encoding="utf-8") as solution:
            running = self.submit({"tcp_server.cpp": solution.read()})
        results = os.path.join(self.autograder, "results", "results.json")
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline and running.poll() is None:  # until a check has run
            try:
                with open(results, encoding="utf-8") as partial:
                    if len(json.load(partial).get("tests", [])) >= 2:
                        break
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        self.assertIsNone(running.poll(), "graded before it could be killed")
        harness = subprocess.run(["pgrep", "-f", "-s", str(running.pid), "harness autograde"],
                                 stdout=subprocess.PIPE, universal_newlines=True).stdout.split()
        self.assertTrue(harness)
        os.kill(int(harness[0]), signal.SIGKILL)
        document, _ = self.results(running)
        self.assertGreaterEqual(len(document["tests"]), 2)
        self.assertLess(len(document["tests"]), 12)
        self.assertIn("Grading stopped before it finished", document["output"])

    def test_a_harness_that_cannot_even_start_still_writes_results(self):
        init = os.path.join(self.autograder, "source", "harness", "__init__.py")
        with open(init, encoding="utf-8") as original:
            kept = original.read()
        self.addCleanup(write, init, kept)
        with open(init, "a", encoding="utf-8") as broken:
            broken.write("\nraise ImportError('broken on purpose')\n")
        document, _ = self.grade({})
        self.assertEqual(document["score"], 0)
        self.assertIn("harness exit status 1", document["output"])

    @unittest.skipUnless(IS_ROOT, "running programs as another user needs root, as on Gradescope")
    def test_a_program_cannot_touch_the_results_or_the_grader_and_leaves_nothing_running(self):
        with open(SOLUTION, encoding="utf-8") as solution:
            text = solution.read()
        # (The sleep 0.5: until its daemon has left the server's process group, stopping the
        # server stops it too, and on a busy machine that can take a while.)
        attack = ('std::system("(echo 0 > ../results/results.json; echo oops >> harness/__init__.py; '
                  'setsid sleep 300 &) 2>/dev/null; sleep 0.5");')
        text = "#include <cstdlib>\n" + text.replace("int main(int argc, char* argv[]) {",
                                                     "int main(int argc, char* argv[]) {\n  " + attack, 1)
        init = os.path.join(self.autograder, "source", "harness", "__init__.py")
        with open(init, "rb") as before:
            grader = before.read()
        document, output = self.grade({"tcp_server.cpp": text})
        # Its attempts on the grader fail; the daemon it leaves is told (and is gone after).
        self.assertEqual(document["score"], 95, output)
        self.assertEqual(self.by_check(document)["tcp-server/clean-shutdown"]["tags"], ["left-process"], output)
        with open(init, "rb") as after:
            self.assertEqual(after.read(), grader)
        import pwd
        uid = pwd.getpwnam(gradescope.STUDENT_USER).pw_uid
        listed = subprocess.run(["ps", "-u", str(uid), "-o", "pid=,stat=,args="], stdout=subprocess.PIPE,
                                universal_newlines=True).stdout.splitlines()
        running = [line for line in listed if line.split()[1][0] != "Z"]  # zombies are dead
        self.assertEqual(running, [], "processes of {} left running".format(gradescope.STUDENT_USER))


class TakeSubmission(unittest.TestCase):
    """Which file of a submission is graded as which program."""

    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.submission = os.path.join(self.folder, "submission")
        self.tree = os.path.join(self.folder, "tree")
        for lab in labs.LABS[:2]:
            os.makedirs(os.path.join(self.tree, "labs", lab.folder))
            for program in lab.programs:
                write(os.path.join(self.tree, "labs", lab.folder, program + ".cpp"), "starter")

    def take(self, files, links=()):
        for name, text in files.items():
            os.makedirs(os.path.dirname(os.path.join(self.submission, name)), exist_ok=True)
            write(os.path.join(self.submission, name), text)
        for name, target in links:
            os.makedirs(os.path.dirname(os.path.join(self.submission, name)), exist_ok=True)
            os.symlink(target, os.path.join(self.submission, name))
        os.makedirs(self.submission, exist_ok=True)
        notes = gradescope.take_submission(self.submission, self.tree, labs.LABS[:2])
        with open(os.path.join(self.tree, "labs", "01-tcp-server", "tcp_server.cpp"), encoding="utf-8") as taken:
            return taken.read(), notes

    def test_the_file_in_its_lab_folder_before_any_other(self):
        text, notes = self.take({"a/tcp_server.cpp": "loose", "repo/labs/01-tcp-server/tcp_server.cpp": "in place"})
        self.assertEqual(text, "in place")
        self.assertIn("Graded `repo/labs/01-tcp-server/tcp_server.cpp` as lab 01-tcp-server's `tcp_server.cpp`.",
                      notes)

    def test_a_file_uploaded_alone_and_two_of_a_name_said(self):
        text, notes = self.take({"a/tcp_server.cpp": "first", "b/tcp_server.cpp": "second"})
        self.assertEqual(text, "first")
        self.assertIn("it has 2 files of that name", notes[0])

    def test_a_missing_program_leaves_the_starter_and_says_so(self):
        text, notes = self.take({})
        self.assertEqual(text, "starter")
        self.assertIn("Your submission has no `tcp_client.cpp`: lab 02-tcp-client was graded with its starter.",
                      notes)

    @unittest.skipIf(os.name == "nt", "symbolic links")
    def test_a_link_is_never_followed(self):
        secret = os.path.join(self.folder, "secret")
        write(secret, "the grader's secret")
        text, notes = self.take({}, links=[("tcp_server.cpp", secret)])
        self.assertEqual(text, "starter")


@unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS)
@unittest.skipIf(os.name == "nt", "Gradescope runs bash scripts on Linux")
class TryCommand(unittest.TestCase):
    def test_export_try_grades_a_submission_as_gradescope_would(self):
        folder = tempfile.mkdtemp(prefix="labs-try-")
        self.addCleanup(shutil.rmtree, folder, True)
        result = subprocess.run([sys.executable, "-m", "harness", "export", "gradescope", os.path.join(folder, "b"),
                                 "--labs", "01", "--try", SOLUTION], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True, timeout=LIMIT)
        self.assertEqual(result.returncode, 0, result.stdout)
        self.assertIn("score: 100/100", result.stdout)
        self.assertIn("PASS   10/10  01-tcp-server builds", result.stdout)
        with open(os.path.join(folder, "b", "results.json"), encoding="utf-8") as kept:
            self.assertEqual(gradescope_schema.problems(json.load(kept)), [])

    def test_try_says_a_missing_submission_before_it_writes_anything(self):
        folder = os.path.join(tempfile.mkdtemp(prefix="labs-try-"), "b")
        self.addCleanup(shutil.rmtree, os.path.dirname(folder), True)
        result = run_harness("export", "gradescope", folder, "--try", "/no/such/submission")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr.strip(), "harness: no such submission: /no/such/submission")
        self.assertFalse(os.path.exists(folder))

    def test_the_export_gradescope_commands_of_the_docs_run(self):
        import shlex
        from tests.docs.test_docs import shown_commands
        shown = [command for command in shown_commands() if command.startswith("python3 -m harness export gradescope")]
        self.assertGreaterEqual(len(shown), 2)
        for command in shown:
            with self.subTest(command=command):
                words = shlex.split(command)
                folder = tempfile.mkdtemp(prefix="labs-docs-")
                self.addCleanup(shutil.rmtree, folder, True)
                words[5] = os.path.join(folder, "bundle")  # the destination the docs name
                result = subprocess.run([sys.executable] + words[1:], cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, universal_newlines=True, timeout=LIMIT)
                self.assertEqual(result.returncode, 0, result.stdout[-3000:])
                self.assertTrue(os.path.exists(os.path.join(folder, "bundle", "autograder.zip")))
                if "--try" in words:
                    self.assertIn("score: 100/100", result.stdout)

    def test_a_bad_visibility_is_a_usage_error(self):
        result = run_harness("export", "gradescope", tempfile.mkdtemp(), "--visibility", "tcp-server/starts=later")
        self.assertEqual(result.returncode, 2)
        self.assertIn("after_published", result.stderr)
        result = run_harness("export", "gradescope", tempfile.mkdtemp(), "--visibility", "no-such-check=hidden")
        self.assertEqual(result.returncode, 2)
        self.assertIn("no check or lab", result.stderr)


if __name__ == "__main__":
    unittest.main()
