"""`grade --watch`: what it says changed, that it grades again only the labs whose sources
changed (once a save is over), and, for real in a student's repository, that a lab done
while it watches is graded again and told, within 2 s of the save, and that Ctrl+C ends it
cleanly (130, nothing left running)."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from types import SimpleNamespace

from harness import watch
from harness.results import FAIL, PASS, SKIP, CheckResult, LabResult, RunResult
from tests.harness.support import ROOT, run_harness


def lab(number, statuses):
    folder = {"01": "01-tcp-server", "02": "02-tcp-client"}[number]
    return LabResult(number, folder, [CheckResult("x/{}".format(i), status, int(status == PASS), 1)
                                      for i, status in enumerate(statuses)])


class WhatChanged(unittest.TestCase):
    def test_a_first_run_counts_what_fails(self):
        self.assertEqual(watch.what_changed(None, lab("01", [FAIL, FAIL, PASS, SKIP])), "01-tcp-server: 3 checks fail")

    def test_a_check_that_cannot_run_here_is_not_counted(self):
        cannot = CheckResult("x/9", SKIP, 0, 0)  # (0 of 0 points: it cannot run on this machine)
        after = LabResult("01", "01-tcp-server", [CheckResult("x/0", PASS, 1, 1), cannot])
        self.assertEqual(watch.what_changed(None, after), "01-tcp-server: every check passes")

    def test_a_check_that_turned_is_named(self):
        self.assertEqual(watch.what_changed(lab("01", [FAIL, FAIL]), lab("01", [PASS, FAIL])),
                         "01-tcp-server: x/0 now passes; 1 check still fails")
        self.assertEqual(watch.what_changed(lab("01", [PASS, FAIL]), lab("01", [PASS, PASS])),
                         "01-tcp-server: x/1 now passes; every check passes")
        self.assertEqual(watch.what_changed(lab("01", [PASS]), lab("01", [FAIL])),
                         "01-tcp-server: x/0 now fails; 1 check fails")

    def test_many_that_turned_are_counted(self):
        self.assertEqual(watch.what_changed(lab("01", [FAIL] * 5), lab("01", [PASS] * 5)),
                         "01-tcp-server: 5 checks now pass (x/0, x/1, x/2, ...); every check passes")


class Loop(unittest.TestCase):
    """watch() with its sleeps stood in for: each sleep is a moment where the test may
    change a file; the last one is a Ctrl+C."""

    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root)
        for folder, name in (("01-tcp-server", "tcp_server"), ("02-tcp-client", "tcp_client")):
            os.makedirs(os.path.join(self.root, "labs", folder))
            self.write(folder, name, "// starter\n")

    def write(self, folder, name, text):
        with open(os.path.join(self.root, "labs", folder, name + ".cpp"), "w") as out:
            out.write(text)

    def test_only_the_lab_that_changed_is_graded_again_once_it_settles(self):
        graded, said, moments = [], [], []

        def grade_labs(numbers):
            graded.append(list(numbers))
            return RunResult([lab(number, [PASS] if len(graded) > 1 else [FAIL]) for number in numbers])

        def sleep(seconds):
            moments.append(seconds)
            polls = moments.count(watch.POLL)
            if seconds == watch.POLL and polls == 2:
                self.write("02-tcp-client", "tcp_client", "// done\n")  # a save...
            if seconds == watch.SETTLE and moments.count(watch.SETTLE) == 1:
                self.write("02-tcp-client", "tcp_client", "// done, and more\n")  # ...in two steps
            if polls == 8:
                raise KeyboardInterrupt

        arguments = SimpleNamespace(labs=["01", "02"], impl="labs")
        self.assertEqual(watch.watch(arguments, self.root, grade_labs, say=said.append, sleep=sleep), 130)
        self.assertEqual(graded, [["01", "02"], ["02"]])
        self.assertEqual(said.count("tcp_client.cpp changed: grading again"), 2)  # (the save, then its second step)
        self.assertIn("02-tcp-client: x/0 now passes; every check passes", said)
        self.assertEqual(said[-1], "stopped watching")
        self.assertEqual(moments.count(watch.SETTLE), 2, "the save in two steps was waited out")


@unittest.skipUnless(sys.platform.startswith("linux"), "stops the harness with SIGINT, as Ctrl+C does, and reads /proc")
@unittest.skipUnless(os.path.isdir(os.path.join(ROOT, "solutions")), "does a lab with its solution")
class ForReal(unittest.TestCase):
    def test_a_lab_done_while_it_watches_is_graded_again(self):
        repository = os.path.join(tempfile.mkdtemp(), "repo")
        self.addCleanup(shutil.rmtree, os.path.dirname(repository), True)
        self.assertEqual(run_harness("export", "student", repository).returncode, 0)
        with open(os.path.join(repository, "watch.log"), "w+") as log:
            harness = subprocess.Popen([sys.executable, "-m", "harness", "grade", "01", "--watch"], cwd=repository,
                                       stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
            try:
                self.wait_for(log, "watching 1 file of 1 lab", 240)
                saved = time.monotonic()
                shutil.copyfile(os.path.join(ROOT, "solutions", "01-tcp-server", "tcp_server.cpp"),
                                os.path.join(repository, "labs", "01-tcp-server", "tcp_server.cpp"))
                self.wait_for(log, "tcp_server.cpp changed: grading again", 2)
                print("\nthe save seen {:.2f} s after it".format(time.monotonic() - saved), file=sys.stderr)
                self.wait_for(log, "every check passes", 120)
                harness.send_signal(signal.SIGINT)
                self.assertEqual(harness.wait(30), 130)
                self.assertEqual(left_running(repository), [])
            finally:
                harness.kill()
                harness.wait()
            log.seek(0)
            told = log.read()
        self.assertIn("01-tcp-server: 11 checks fail", told)  # (8 failed, and 3 were not run because of them)
        self.assertIn("checks now pass (tcp-server/starts, tcp-server/reply-format, tcp-server/timestamp, ...)", told)
        self.assertTrue(told.rstrip().endswith("stopped watching"), told[-500:])

    def wait_for(self, log, text, seconds):
        """Waits until the log holds `text`, for at most `seconds`."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:  # bounded
            log.seek(0)
            if text in log.read():
                return
            time.sleep(0.2)
        log.seek(0)
        self.fail("no {!r} in {} s:\n{}".format(text, seconds, log.read()[-2000:]))


def left_running(folder):
    """The processes whose command line or working folder is in `folder`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open("/proc/{}/cmdline".format(pid), "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode("utf-8", "replace")
            where = os.readlink("/proc/{}/cwd".format(pid))
        except OSError:
            continue
        if folder in command or where.startswith(folder):
            found.append((pid, command))
    return found


if __name__ == "__main__":
    unittest.main()
