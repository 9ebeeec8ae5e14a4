"""The command line as a user meets it: exit status 0 (all pass), 1 (a check failed), 2
(a usage or infrastructure error, said in one clear message: never a Python traceback),
and the report files it writes."""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
from unittest import mock
import xml.etree.ElementTree as ElementTree

from harness import labs
from tests.harness.support import ROOT, TIME_LIMIT, check_json, planted, run_harness

STARTS = "tcp-server/starts"


class CliTestCase(unittest.TestCase):
    def harness(self, *args, status):
        result = run_harness(*args)
        told = "exit status {}\nstdout:\n{}\nstderr:\n{}".format(result.returncode, result.stdout, result.stderr)
        self.assertEqual(result.returncode, status, told)
        self.assertNotIn("Traceback", result.stdout + result.stderr, told)
        return result


class UsageErrors(CliTestCase):
    def test_an_unknown_option(self):
        result = self.harness("--no-such-option", status=2)
        self.assertIn("usage:", result.stderr)
        self.assertIn("--no-such-option", result.stderr)

    def test_an_unknown_option_of_a_command(self):
        result = self.harness("check", "tcp-server", "--cmd", "x", "--no-such-option", status=2)
        self.assertIn("usage:", result.stderr)

    def test_an_unknown_role(self):
        result = self.harness("check", "no-such-role", "--cmd", "x", status=2)
        self.assertIn("usage:", result.stderr)

    def test_no_command_shows_the_usage(self):
        result = self.harness(status=2)
        self.assertIn("usage:", result.stdout + result.stderr)

    def test_an_unknown_lab_is_named_with_the_labs_there_are(self):
        result = self.harness("grade", "99", status=2)
        self.assertIn("99", result.stderr)
        for lab in labs.LABS:
            self.assertIn(lab.folder, result.stderr)
        self.assertEqual(result.stderr.count("\n"), 1, "one clear line, not more")

    @unittest.skipIf(os.name == "nt", "POSIX: runs Python with an empty PATH")
    def test_an_unknown_lab_is_named_before_build_tools_are_looked_for(self):
        # A typo in a lab's name is a usage error, whatever is installed: the harness must
        # say so before it checks for (or, as root, installs) CMake and a compiler.
        build_dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, build_dir, True)
        environment = {"PATH": os.path.join(build_dir, "no-tools-here"), "HOME": build_dir, "LANG": "C.UTF-8"}
        result = subprocess.run([sys.executable, "-m", "harness", "grade", "99", "--build-dir", build_dir],
                                cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, universal_newlines=True, timeout=TIME_LIMIT)
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        self.assertIn("no lab '99'", result.stderr)

    def test_check_without_cmd(self):
        result = self.harness("check", "tcp-server", status=2)
        self.assertIn("--cmd", result.stderr)

    def test_pair_without_the_client(self):
        result = self.harness("check", "pair", "--server-cmd", planted("correct_tcp_server"), status=2)
        self.assertIn("--client-cmd", result.stderr)

    def test_an_unknown_placeholder(self):
        result = self.harness("check", "tcp-server", "--cmd", "prog {nope}", status=2)
        self.assertIn("placeholder", result.stderr)
        self.assertIn("{nope}", result.stderr)

    def test_unbalanced_quotes(self):
        result = self.harness("check", "tcp-server", "--cmd", "prog \"--port {port}", status=2)
        self.assertIn("harness:", result.stderr)

    def test_an_unknown_check(self):
        result = self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"),
                              "--only", "no/such-check", status=2)
        self.assertIn("no/such-check", result.stderr)

    def test_a_check_of_another_role(self):
        result = self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"),
                              "--only", "udp-client/prints-reply", status=2)
        self.assertIn("harness:", result.stderr)

    def test_jobs_below_1(self):
        result = self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"), "--jobs", "0",
                              status=2)
        self.assertIn("--jobs", result.stderr)

    def test_a_negative_timeout_scale(self):
        # Time limits below zero would fail the program for the harness's own mistake.
        self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"), "--only", STARTS,
                     "--timeout-scale", "-1", status=2)

    def test_an_output_file_that_cannot_be_written(self):
        missing = os.path.join(tempfile.gettempdir(), "no-such-folder-for-the-harness", "report.xml")
        result = self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"), "--only", STARTS,
                              "--format", "junit", "--output", missing, status=2)
        self.assertIn("report.xml", result.stderr)


class PresetsOfOnePlatform(unittest.TestCase):
    def test_the_sanitizer_presets_are_refused_on_windows_with_the_reason(self):
        from harness import cli, plan
        from harness.errors import UsageError
        for preset in ("asan", "tsan"):
            arguments = cli.parser().parse_args(["grade", "06", "--preset", preset])
            with self.subTest(preset=preset), mock.patch("sys.platform", "win32"):
                with self.assertRaisesRegex(UsageError, "MSVC"):
                    plan.plan_grade(arguments)


class ValuesOutOfRange(CliTestCase):
    """A value the harness cannot use is one clear line and exit status 2, never a traceback
    or a hang."""

    def test_a_port_out_of_range(self):
        for port in ("99999", "-5", "0"):
            with self.subTest(port=port):
                result = self.harness("check", "tcp-server", "--cmd", "x", "--port", port, status=2)
                self.assertIn("from 1 to 65535", result.stderr)

    def test_a_timeout_scale_that_is_not_a_sensible_number(self):
        for scale in ("inf", "nan", "1e9", "0", "-1"):
            with self.subTest(scale=scale):
                result = self.harness("check", "tcp-server", "--cmd", "x", "--timeout-scale", scale, status=2)
                self.assertIn("--timeout-scale must be", result.stderr)

    def test_a_working_folder_that_is_not_there(self):
        result = self.harness("check", "tcp-server", "--cmd", "x", "--cwd", "/no/such/folder", status=2)
        self.assertEqual(result.stderr.strip(), "harness: --cwd /no/such/folder: there is no such folder")

    def test_no_build_of_a_build_that_is_not_there(self):
        result = self.harness("grade", "01", "--no-build", "--build-dir", "/no/such/build", status=2)
        self.assertIn("there is no build in /no/such/build", result.stderr)


class InfrastructureErrors(CliTestCase):
    def test_a_program_that_does_not_exist(self):
        missing = os.path.join(tempfile.gettempdir(), "no-such-dir", "no-such-program")
        result = self.harness("check", "tcp-server", "--cmd", missing + " --port {port}", status=2)
        told = result.stdout + result.stderr
        self.assertIn("cannot start", told)
        self.assertIn("no-such-program", told)
        self.assertNotIn("PASS", result.stdout)
        self.assertNotIn("FAIL ", result.stdout, "the harness's error is not the program's failure")

    def test_a_program_that_does_not_exist_in_json(self):
        missing = os.path.join(tempfile.gettempdir(), "no-such-dir", "no-such-program")
        result = self.harness("check", "tcp-server", "--cmd", missing + " --port {port}", "--only", STARTS,
                              "--format", "json", status=2)
        check = json.loads(result.stdout)["labs"][0]["checks"][0]
        self.assertEqual(check["status"], "error")
        self.assertIn("cannot start", check["message"])


class ClassroomStepThatCannotGrade(unittest.TestCase):
    def test_still_gives_the_reporter_a_result_with_the_lab_lost(self):
        # A usage error, like any failure before grading, must not leave the step without a
        # `result`: GitHub Classroom's reporter would fail whole and no lab would count.
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        output = os.path.join(folder, "github_output")
        result = subprocess.run([sys.executable, "-m", "harness", "grade", "01", "02", "--format", "github",
                                 "--jobs", "0"], cwd=ROOT, env=dict(os.environ, GITHUB_OUTPUT=output),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                                timeout=TIME_LIMIT)
        self.assertEqual(result.returncode, 2, result.stderr)
        with open(output, encoding="utf-8") as written:
            line = written.read().strip()
        self.assertTrue(line.startswith("result="), line)
        document = json.loads(base64.b64decode(line[len("result="):]))
        self.assertEqual((document["status"], document["max_score"]), ("error", 200))
        self.assertIn("--jobs", document["tests"][0]["message"])


class Runs(CliTestCase):
    def test_list(self):
        result = self.harness("--list", status=0)
        self.assertIn(STARTS, result.stdout)
        self.assertEqual(self.harness("list", status=0).stdout, result.stdout)

    def test_a_reader_that_goes_away_ends_the_run_quietly(self):
        # `python3 -m harness check ... | head -2`: the report's reader leaves after two lines,
        # while the checks run on in a worker thread.
        harness = subprocess.Popen([sys.executable, "-m", "harness", "check", "tcp-server", "--cmd",
                                    planted("correct_tcp_server")], cwd=ROOT, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, universal_newlines=True)
        harness.stdout.readline()
        harness.stdout.close()
        stderr = harness.communicate(timeout=TIME_LIMIT)[1]
        self.assertEqual(harness.returncode, 1, stderr)
        self.assertNotIn("Traceback", stderr)

    def test_only_takes_a_role_for_all_its_checks(self):
        status, checks = check_json("tcp-server", "--only", "tcp-server", cmd=planted("correct_tcp_server"))
        self.assertEqual(status, 0)
        self.assertEqual(sorted(checks), sorted(labs.ROLES["tcp-server"]))
        self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"), "--only", "tcp-serv", status=2)

    def test_a_passing_run_exits_0(self):
        result = self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"), "--only", STARTS,
                              status=0)
        self.assertIn("PASS", result.stdout)
        self.assertIn(STARTS, result.stdout)

    def test_a_failing_run_exits_1(self):
        result = self.harness("check", "tcp-server", "--cmd", planted("python_bytes"),
                              "--only", "tcp-server/reply-format", status=1)
        self.assertIn("FAIL", result.stdout)
        self.assertIn("hint:", result.stdout)
        self.assertIn("b'hello'", result.stdout)

    def test_json_on_stdout_is_json_only(self):
        result = self.harness("check", "tcp-server", "--cmd", planted("correct_tcp_server"), "--only", STARTS,
                              "--format", "json", status=0)
        document = json.loads(result.stdout)
        self.assertEqual(document["labs"][0]["checks"][0]["id"], STARTS)
        self.assertEqual(document["labs"][0]["checks"][0]["status"], "pass")

    def test_junit_to_a_file_and_the_text_report_on_stdout(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        path = os.path.join(folder, "report.xml")
        result = self.harness("check", "tcp-server", "--cmd", planted("python_bytes"),
                              "--only", STARTS, "--only", "tcp-server/reply-format",
                              "--format", "junit", "--output", path, status=1)
        cases = {case.get("name"): case for case in ElementTree.parse(path).getroot().iter("testcase")}
        self.assertEqual(set(cases), {STARTS, "tcp-server/reply-format"})
        self.assertIsNone(cases[STARTS].find("failure"))
        self.assertIsNotNone(cases["tcp-server/reply-format"].find("failure"))
        self.assertNotIn("<?xml", result.stdout)
        self.assertIn("PASS", result.stdout)
        self.assertIn("FAIL", result.stdout)
        self.assertIn("hint:", result.stdout)


if __name__ == "__main__":
    unittest.main()


class ProgramsThatNeverGetGoing(unittest.TestCase):
    """A server that never listens (a client that never connects) fails its first check
    after the start time, and its other checks are not run: no wait of 5 s each."""

    def check(self, role):
        started = time.monotonic()
        result = run_harness("check", role, "--format", "json", "--cmd", python_sleeping())
        took = time.monotonic() - started
        checks = json.loads(result.stdout)["labs"][0]["checks"]
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertEqual(checks[0]["status"], "fail", checks[0])
        self.assertTrue(all(check["status"] == "skip" and "never got going" in check["message"]
                            for check in checks[1:]), checks)
        self.assertLess(took, 30)

    def test_a_server(self):
        self.check("tcp-server")

    def test_a_client(self):
        self.check("tcp-client")


class AServerThatPrintsTooMuch(unittest.TestCase):
    def test_is_told_it_printed_more_than_the_harness_keeps_and_at_once(self):
        # 2 MiB before its listening line: past the 1 MiB the harness keeps of a stream.
        code = ("import socket, sys, time; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); "
                "sys.stdout.write('x' * 2097152); print('listening on 127.0.0.1:%d' % s.getsockname()[1], "
                "flush=True); time.sleep(60)")
        started = time.monotonic()
        status, checks = check_json("tcp-server", "--only", STARTS, cmd='"{}" -c "{}" {{port}}'.format(
            sys.executable, code))
        self.assertEqual(status, 1)
        self.assertIn("printed more than 1 MiB without it", checks[STARTS]["message"])
        self.assertLess(time.monotonic() - started, 4.5, "it waited out the start time")


def python_sleeping():
    return '"{}" -c "import time; time.sleep(60)" {{port}}'.format(sys.executable)
