"""The Windows side of harness/process.py, on any machine: the Windows calls are stood in
for, and the test checks that the right ones are made, with the right arguments. (On
Windows itself, the CI's Windows job runs the harness for real.)"""

import os
import signal
import subprocess
import unittest
from unittest import mock

from harness import process, windows_jobs


class FakeKernel32:
    """Records the job-object calls the harness makes."""

    def __init__(self, assign_works=True):
        self.calls = []
        self.assign_works = assign_works

    def __getattr__(self, name):
        def call(*args):
            self.calls.append((name, args))
            if name == "CreateJobObjectW":
                return 1234
            if name == "AssignProcessToJobObject":
                return 1 if self.assign_works else 0
            return 1
        return call

    def names(self):
        return [name for name, _ in self.calls]


def fake_popen(running=True):
    popen = mock.Mock()
    popen.pid = 4321
    popen._handle = 99
    popen.poll.return_value = None if running else 0
    return popen


class OnWindows(unittest.TestCase):
    def setUp(self):
        patcher = mock.patch.object(process, "IS_WINDOWS", True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_a_program_starts_in_a_process_group_of_its_own(self):
        with mock.patch.object(subprocess, "Popen") as popen:
            process._spawn(["prog.exe", "--port", "0"], None, None)
        options = popen.call_args.kwargs
        self.assertEqual(options["creationflags"] & process._CREATE_NEW_PROCESS_GROUP, process._CREATE_NEW_PROCESS_GROUP)
        self.assertNotIn("start_new_session", options)

    def test_a_program_is_put_in_a_job_that_kills_its_tree_when_closed(self):
        kernel32 = FakeKernel32()
        with mock.patch("ctypes.WinDLL", create=True, return_value=kernel32):
            job = windows_jobs.assign(fake_popen())
        self.assertEqual(job, 1234)
        self.assertEqual(kernel32.names(), ["CreateJobObjectW", "SetInformationJobObject", "AssignProcessToJobObject"])
        limits = kernel32.calls[1][1][2]._obj
        self.assertEqual(limits.BasicLimitInformation.LimitFlags, windows_jobs.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)

    def test_without_a_job_the_harness_goes_on(self):
        kernel32 = FakeKernel32(assign_works=False)
        with mock.patch("ctypes.WinDLL", create=True, return_value=kernel32):
            self.assertIsNone(windows_jobs.assign(fake_popen()))
        self.assertIn("CloseHandle", kernel32.names())

    def test_a_stop_is_a_ctrl_break_to_the_process_group(self):
        with mock.patch.object(signal, "CTRL_BREAK_EVENT", 1, create=True), mock.patch.object(os, "kill") as kill:
            process._ask_to_stop(fake_popen(), interrupt=False)
            process._ask_to_stop(fake_popen(), interrupt=True)  # Ctrl+C is off in a group of its own
        self.assertEqual(kill.call_args_list, [mock.call(4321, 1), mock.call(4321, 1)])

    def test_killing_terminates_the_job_then_the_tree_if_anything_is_left(self):
        kernel32 = FakeKernel32()
        with mock.patch("ctypes.WinDLL", create=True, return_value=kernel32), \
                mock.patch.object(subprocess, "run") as run:
            process._kill_tree(fake_popen(running=True), 1234)
        self.assertEqual(kernel32.names(), ["TerminateJobObject", "CloseHandle"])
        self.assertEqual(run.call_args.args[0], ["taskkill", "/F", "/T", "/PID", "4321"])

    def test_killing_a_finished_tree_without_a_job_runs_nothing(self):
        with mock.patch.object(subprocess, "run") as run:
            process._kill_tree(fake_popen(running=False), None)
        run.assert_not_called()


if __name__ == "__main__":
    unittest.main()
