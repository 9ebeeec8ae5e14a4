"""The Windows side of harness/process.py, on any machine: the Windows calls are stood in
for, and the test checks that the right ones are made, with the right arguments. (On
Windows itself, the CI's Windows job runs the harness for real.)"""

import ctypes
import os
import signal
import subprocess
import unittest
from unittest import mock

from harness import command, process, windows_jobs


class FakeKernel32:
    """Records the job-object calls the harness makes. Each function is a real ctypes
    function (a C thunk into Python) of the true prototype: arguments and results go through
    ctypes' conversions as they would with kernel32, so a handle passed or returned untyped
    (as a 32-bit int) is caught. Handles here are above 4 GiB, as 64-bit Windows' may be."""

    JOB = 0x7FF0_1234_5678  # a handle no 32-bit int can hold

    def __init__(self, assign_works=True):
        self.calls = []
        self.assign_works = assign_works
        self._functions = {}

    def __getattr__(self, name):
        if name.startswith("_") or name not in windows_jobs.SIGNATURES:
            raise AttributeError(name)
        if name not in self._functions:
            restype, argtypes = windows_jobs.SIGNATURES[name]

            def call(*args):
                if name == "SetInformationJobObject":  # the structure, read while it lives
                    args = args[:2] + (ctypes.string_at(args[2], args[3]), args[3])
                self.calls.append((name, args))
                if name == "CreateJobObjectW":
                    return self.JOB
                return 1 if name != "AssignProcessToJobObject" or self.assign_works else 0
            # The prototype is the true one; the harness must set the same argtypes and restype.
            self._functions[name] = ctypes.CFUNCTYPE(restype, *argtypes)(call)
        return self._functions[name]

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
        self.assertEqual(job, FakeKernel32.JOB)  # whole: typed as a HANDLE, not cut to 32 bits
        self.assertEqual(kernel32.names(), ["CreateJobObjectW", "SetInformationJobObject", "AssignProcessToJobObject"])
        self.assertEqual(kernel32.calls[2][1], (FakeKernel32.JOB, 99))
        information = kernel32.calls[1][1]
        self.assertEqual(information[1], windows_jobs.JOB_OBJECT_EXTENDED_LIMIT_INFORMATION)
        limits = windows_jobs.EXTENDED_LIMITS.from_buffer_copy(information[2])
        self.assertEqual(limits.BasicLimitInformation.LimitFlags, windows_jobs.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)
        self.assertEqual(information[3], ctypes.sizeof(windows_jobs.EXTENDED_LIMITS))

    def test_every_call_is_typed(self):
        kernel32 = FakeKernel32()
        with mock.patch("ctypes.WinDLL", create=True, return_value=kernel32):
            windows_jobs.assign(fake_popen())
            windows_jobs.terminate(FakeKernel32.JOB)
        for name, function in kernel32._functions.items():
            with self.subTest(function=name):
                self.assertEqual((function.restype, tuple(function.argtypes)), windows_jobs.SIGNATURES[name])

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
            process._kill_tree(fake_popen(running=True), FakeKernel32.JOB)
        self.assertEqual(kernel32.names(), ["TerminateJobObject", "CloseHandle"])
        self.assertEqual(run.call_args.args[0], ["taskkill", "/F", "/T", "/PID", "4321"])

    def test_a_command_keeps_its_windows_paths(self):
        # shlex in POSIX mode would eat the backslashes of C:\labs\server.py.
        with mock.patch.object(command, "IS_WINDOWS", True):
            argv = command.Command(r'"C:\Program Files\Python\python.exe" C:\labs\server.py --port {port}').argv(
                port=5)
        self.assertEqual(argv, [r"C:\Program Files\Python\python.exe", r"C:\labs\server.py", "--port", "5"])

    def test_a_crash_is_told_by_its_ntstatus(self):
        self.assertIn("access violation", process.describe_status(0xC0000005))

    def test_killing_a_finished_tree_without_a_job_runs_nothing(self):
        with mock.patch.object(subprocess, "run") as run:
            process._kill_tree(fake_popen(running=False), None)
        run.assert_not_called()


if __name__ == "__main__":
    unittest.main()
