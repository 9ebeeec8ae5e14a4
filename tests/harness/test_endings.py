"""How a program's end is told: a sanitizer's report is cut to what a student reads first
(its first line, what happened, the first frame in the student's own files, the SUMMARY),
from reports the sanitizers really print (tests/harness/data/, and one made here)."""

import errno
import os
import shutil
import subprocess
import tempfile
import unittest

from harness.endings import sanitizer_report
from harness.exits import describe_status, is_crash

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")

OVERFLOW = r"""
#include <cstring>
int reply(const char* message) {
    char* buffer = new char[8];
    std::strcpy(buffer, message);  // 35 bytes into 8
    const int first = buffer[0];
    delete[] buffer;
    return first;
}
int main() { return reply("at Wed Dec  2 00:00:00 2026 :hello") == 'a' ? 0 : 1; }
"""


def report(name):
    with open(os.path.join(DATA, name), encoding="utf-8") as text:
        return sanitizer_report(text.read())


class SanitizerReports(unittest.TestCase):
    def test_an_asan_report_keeps_what_happened_and_where_in_the_students_code(self):
        told = report("asan_heap_overflow.txt")
        self.assertIn("ERROR: AddressSanitizer: heap-buffer-overflow", told[0])
        self.assertIn("WRITE of size 35 at 0x602000000018 thread T0", told)
        self.assertIn("in reply(char const*) at /tmp/asan/uaf2.cpp:4", told)
        self.assertIn("allocated by thread T0 here:", told)
        self.assertTrue(told[-1].startswith("SUMMARY: AddressSanitizer: heap-buffer-overflow"))
        self.assertFalse(any("Shadow" in line or "libsanitizer/asan/asan_interceptors.cpp:425 in" in line
                             for line in told[:-1]), told)

    def test_a_tsan_report_keeps_both_accesses(self):
        told = report("tsan_data_race.txt")
        self.assertEqual(told, [
            "WARNING: ThreadSanitizer: data race (pid=26805)",
            "Read of size 4 at 0x55eb6ef231d4 by thread T2:", "in serve() at /tmp/asan/race.cpp:4",
            "Previous write of size 4 at 0x55eb6ef231d4 by thread T1:", "in serve() at /tmp/asan/race.cpp:4",
            "Location is global 'served' of size 4 at 0x55eb6ef231d4 (race+0x41d4)",
            "SUMMARY: ThreadSanitizer: data race /tmp/asan/race.cpp:4 in serve()"])

    def test_no_report_no_excerpt(self):
        self.assertIsNone(sanitizer_report("tcp_server: TODO 1 is not done yet\n"))

    @unittest.skipUnless(shutil.which("g++"), "needs g++")
    def test_the_report_of_a_real_asan_build(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        source, program = os.path.join(folder, "overflow.cpp"), os.path.join(folder, "overflow")
        with open(source, "w") as file:
            file.write(OVERFLOW)
        if subprocess.run(["g++", "-g", "-fsanitize=address", source, "-o", program],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
            self.skipTest("no AddressSanitizer in this g++")
        stderr = subprocess.run([program], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=60).stderr
        told = sanitizer_report(stderr)
        self.assertIn("heap-buffer-overflow", told[0])
        self.assertIn("in reply(char const*) at {}:5".format(source), told)
        self.assertTrue(told[-1].startswith("SUMMARY: AddressSanitizer"))
        self.assertLess(len(told), 10)


class LimitsReached(unittest.TestCase):
    def test_eagain_is_the_process_limit_only_when_a_process_or_thread_could_not_start(self):
        from harness.limits import Limits
        limits, eagain = Limits(processes=256), os.strerror(errno.EAGAIN)
        thread = "terminate called after throwing an instance of 'std::system_error'\n  what():  " + eagain
        fork = "  File \"x.py\", line 3, in <module>\n    os.fork()\nBlockingIOError: [Errno 11] " + eagain
        for stderr in (thread, fork, "RuntimeError: can't start new thread"):
            self.assertEqual(limits.story(1, stderr), "process-limit", stderr)
        for stderr in ("recv failed: " + eagain, "cannot resolve no-such-host.invalid: " + eagain):
            self.assertIsNone(limits.story(1, stderr), stderr)  # a non-blocking socket, a resolver's errno


if __name__ == "__main__":
    unittest.main()


class Crashes(unittest.TestCase):
    """A crash is told as one on every platform: a POSIX signal, or the NTSTATUS that Windows
    gives a program it ended (os.kill(pid, SIGSEGV) there only ends it with status 11)."""

    def test_a_signal_that_is_a_crash(self):
        import signal
        self.assertTrue(is_crash(-signal.SIGSEGV))
        self.assertFalse(is_crash(-signal.SIGTERM))
        self.assertIn("invalid memory access", describe_status(-signal.SIGSEGV))

    def test_the_ntstatus_of_a_crash_on_windows(self):
        self.assertTrue(is_crash(0xC0000005))
        self.assertIn("0xC0000005: an access violation (a crash)", describe_status(0xC0000005))
        self.assertTrue(is_crash(0xC0000409))  # abort() under MSVC's runtime

    def test_ctrl_break_and_plain_statuses_are_not_crashes(self):
        self.assertFalse(is_crash(0xC000013A))
        self.assertIn("Ctrl+C or Ctrl+Break", describe_status(0xC000013A))
        for status in (0, 1, 11):
            self.assertFalse(is_crash(status))
            self.assertEqual(describe_status(status), "exited with status {}".format(status))
