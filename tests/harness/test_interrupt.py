"""Nothing is left behind: Ctrl+C (SIGINT) or SIGTERM to the harness in the middle of a
run stops every program it started, and it exits with status 130 and a clear line,
without a traceback. Linux only: the test finds the programs through /proc."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import uuid

from tests.harness.support import HAS_SOLUTIONS, NEEDS_SOLUTIONS, ROOT, planted

LIMIT = 30


def processes_with(marker):
    """The pids of the processes whose environment holds `marker`."""
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/{}/environ".format(name), "rb") as environ:
                if marker.encode() in environ.read():
                    found.append(int(name))
        except OSError:
            pass
    return found


def command_lines(pids):
    lines = []
    for pid in pids:
        try:
            with open("/proc/{}/cmdline".format(pid), "rb") as cmdline:
                lines.append(cmdline.read().replace(b"\0", b" ").decode(errors="replace"))
        except OSError:
            pass  # gone meanwhile
    return lines


def silent_server():
    code = ("import socket, time; s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); "
            "print('listening on 127.0.0.1:%d' % s.getsockname()[1], flush=True); time.sleep(60)")
    return '"{}" -c "{}" {{port}}'.format(sys.executable, code)


@unittest.skipUnless(sys.platform.startswith("linux"), "finds processes through /proc")
class Interrupted(unittest.TestCase):
    def interrupt(self, arguments, signum, after_line, ready=lambda commands: len(commands) > 1, twice=False,
                  settle=0.0):
        """Runs the harness, and once it printed `after_line` and ready(the command lines of
        its processes, its own among them) is true, sends it `signum`: nothing may be left,
        exit status 130."""
        marker = "LABS_INTERRUPT_TEST=" + uuid.uuid4().hex
        name, value = marker.split("=")
        harness = subprocess.Popen([sys.executable, "-m", "harness"] + arguments, cwd=ROOT,
                                   env=dict(os.environ, **{name: value}), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, universal_newlines=True)
        self.addCleanup(harness.kill)
        deadline = time.monotonic() + LIMIT
        while time.monotonic() < deadline:  # bounded: the line comes in a second or so
            line = harness.stdout.readline()
            if not line or after_line in line:
                break
        started = time.monotonic()
        while not ready(command_lines(processes_with(marker))):  # they start in a second or two
            self.assertLess(time.monotonic() - started, 20, "the harness did not start what it should")
            time.sleep(0.02)
        time.sleep(settle)
        harness.send_signal(signum)
        if twice:  # a user pressing Ctrl+C twice, a millisecond apart
            time.sleep(0.001)
            harness.send_signal(signum)
        status = harness.wait(LIMIT)
        stderr = harness.stderr.read()
        killed = signum == signal.SIGKILL  # the harness itself killed: nothing to say, nothing left
        time.sleep(0.5 if killed else 0.2)
        left = [pid for pid in processes_with(marker) if pid != harness.pid]
        told = command_lines(left)
        for pid in left:
            os.kill(pid, signal.SIGKILL)
        self.assertEqual(told, [], "processes left behind" + (" by a harness killed outright" if killed else ""))
        if killed:
            return
        self.assertEqual(status, 130, stderr)
        self.assertIn("interrupted", stderr)
        self.assertNotIn("Traceback", stderr)

    def test_ctrl_c_while_a_server_is_being_graded(self):
        # A server that listens and never answers: reply-format waits for it, long enough.
        self.interrupt(["check", "tcp-server", "--only", "tcp-server/starts", "--only", "tcp-server/reply-format",
                        "--cmd", silent_server()], signal.SIGINT, "tcp-server/starts")

    def test_ctrl_c_twice_a_millisecond_apart(self):
        self.interrupt(["check", "tcp-server", "--only", "tcp-server/starts", "--only", "tcp-server/reply-format",
                        "--cmd", silent_server()], signal.SIGINT, "tcp-server/starts", twice=True)

    def test_the_harness_killed_outright_takes_its_programs_with_it(self):
        # Killed once the server of reply-format has printed its listening line and waits
        # (before that, its print to a pipe nobody reads would end it anyway).
        self.interrupt(["check", "tcp-server", "--only", "tcp-server/starts", "--only", "tcp-server/reply-format",
                        "--cmd", silent_server()], signal.SIGKILL, "tcp-server/starts", settle=1.0)

    def test_sigterm_while_a_client_hangs(self):
        self.interrupt(["check", "udp-client", "--cmd", planted("udp_no_timeout")], signal.SIGTERM,
                       "udp-client/long-reply")

    def test_ctrl_c_while_a_server_ignores_sigterm(self):
        self.interrupt(["check", "tcp-server", "--only", "tcp-server/clean-shutdown", "--only",
                        "tcp-server/starts", "--cmd", planted("ignores_sigterm")], signal.SIGINT,
                       "tcp-server/starts")

    def test_ctrl_c_in_the_middle_of_a_build(self):
        # A build tree of its own, so that CMake and the compilers are at work when it lands.
        build_dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, build_dir, True)
        # Interrupted while a compiler runs: ninja starts each in a process group of its
        # own, which a kill of the build tool's group does not reach.
        self.interrupt(["grade", "01", "--build-dir", build_dir], signal.SIGINT, "01-tcp-server",
                       ready=lambda commands: any(" -c " in command and "tcp_server.cpp" in command
                                                  for command in commands))

    @unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS + ": servers that run until the bench is over")
    def test_ctrl_c_in_the_middle_of_a_bench(self):
        # Two servers up and the load client at work on the first: a million messages each.
        self.interrupt(["bench", "09", "--vs", "01", "--messages", "1000000", "--preset", "default"], signal.SIGINT,
                       "clients at once")


if __name__ == "__main__":
    unittest.main()
