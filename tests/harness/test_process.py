"""harness/process.py: a program's whole process tree is stopped, its output is capped,
a program that does not read cannot block the harness, every wait is bounded, and an
interrupted harness starts nothing more.

The programs started here are small Python scripts (and, on POSIX, `sh -c`); every test
kills what it started, and every wait has a limit of a few seconds."""

import os
import signal
import sys
import tempfile
import textwrap
import threading
import time
import unittest
from unittest import mock

from harness import process
from harness.process import Interrupted, Program, StartError
from harness.streams import OUTPUT_CAP

POSIX_ONLY = unittest.skipIf(os.name == "nt", "POSIX only: signals, sh, /proc")
LISTENING = rb"^listening on (\S+):(\d+)\r?$"
GONE_WITHIN = 5.0  # seconds a killed process may take to disappear


def python(code):
    """argv that runs `code` (dedented) with the Python that runs these tests."""
    return [sys.executable, "-c", textwrap.dedent(code)]


# A program that starts a grandchild (which prints "grandchild PID" once it is set up),
# then prints "ready" and sleeps. `parent` and `grandchild` say what each does on SIGTERM:
# "default" (dies of it), "exit0" (exits with status 0) or "ignore".
SLEEP_WITH = """
import os, signal, sys, time
ACTIONS = {{"default": signal.SIG_DFL, "ignore": signal.SIG_IGN, "exit0": lambda *_: sys.exit(0)}}
signal.signal(signal.SIGTERM, ACTIONS[{action!r}])
{start_grandchild}
print({ready}, flush=True)
time.sleep(30)
"""


def tree(parent="default", grandchild="default"):
    grandchild_code = SLEEP_WITH.format(action=grandchild, start_grandchild="",
                                        ready="'grandchild {}'.format(os.getpid())")
    start = "import subprocess; subprocess.Popen([sys.executable, '-c', {!r}])".format(grandchild_code)
    return python(SLEEP_WITH.format(action=parent, start_grandchild=start, ready="'ready'"))


def alive(pid):
    """True if process `pid` exists and is not a zombie (a zombie has ended: it only waits
    for its parent, or for an init that may be slow to reap it, to collect its status)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open("/proc/{}/stat".format(pid)) as stat:
            state = stat.read().rsplit(")", 1)[1].split()[0]
        return state not in ("Z", "X")
    except (OSError, IndexError):
        return True  # no /proc (macOS): os.kill said it exists


def wait_until(condition, timeout, step=0.02):
    """Polls `condition` until it is true or `timeout` seconds pass; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(step)


class ProgramTestCase(unittest.TestCase):
    def start(self, argv, **options):
        program = Program(argv, **options)
        self.addCleanup(program.kill)
        return program

    def grandchild_pid(self, program):
        match = program.wait_for_line(rb"^grandchild (\d+)\r?$", 5)
        self.assertIsNotNone(match, "the grandchild never said it was running: {!r} {!r}".format(
            program.stdout.data(), program.stderr.data()))
        pid = int(match.group(1))
        self.addCleanup(self.kill_if_left, pid)
        return pid

    def kill_if_left(self, pid):
        """Cleanup: a process the harness failed to kill must not outlive the test."""
        if os.name != "nt" and alive(pid):
            try:
                os.kill(pid, 9)
            except OSError:
                pass

    def assertGone(self, *pids):
        wait_until(lambda: not any(alive(pid) for pid in pids), GONE_WITHIN)
        left = [pid for pid in pids if alive(pid)]
        self.assertEqual(left, [], "still running {:g} s after the program was stopped".format(GONE_WITHIN))


@POSIX_ONLY
class KillsTheWholeTree(ProgramTestCase):
    def test_kill_ends_a_python_program_and_its_grandchild(self):
        program = self.start(tree())
        grandchild = self.grandchild_pid(program)
        self.assertIsNotNone(program.wait_for_line(rb"^ready\r?$", 5))
        self.assertTrue(alive(program.pid) and alive(grandchild))
        started = time.monotonic()
        program.kill()
        self.assertLess(time.monotonic() - started, 8)
        self.assertIsNotNone(program.poll())
        self.assertGone(program.pid, grandchild)

    def test_kill_ends_sh_and_its_background_job(self):
        program = self.start(["sh", "-c", "sleep 30 & echo \"grandchild $!\"; sleep 30"])
        grandchild = self.grandchild_pid(program)
        program.kill()
        self.assertGone(program.pid, grandchild)

    def test_kill_ends_a_grandchild_whose_parent_has_exited(self):
        # The group outlives its leader: the background job still runs after sh exits.
        program = self.start(["sh", "-c", "sleep 30 & echo \"grandchild $!\""])
        grandchild = self.grandchild_pid(program)
        self.assertEqual(program.wait(5), 0)
        self.assertTrue(alive(grandchild))
        program.kill()
        self.assertGone(grandchild)

    def test_kill_ends_a_grandchild_that_ignores_sigterm(self):
        program = self.start(tree(grandchild="ignore"))
        grandchild = self.grandchild_pid(program)
        program.kill()
        self.assertGone(program.pid, grandchild)

    def test_context_manager_kills_the_tree(self):
        with Program(tree()) as program:
            grandchild = self.grandchild_pid(program)
        self.assertGone(program.pid, grandchild)

    def test_kill_twice_is_harmless(self):
        program = self.start(tree())
        program.kill()
        program.kill()
        self.assertIsNotNone(program.poll())


@POSIX_ONLY
class Stop(ProgramTestCase):
    def test_a_program_that_exits_on_sigterm_gives_status_0_and_the_time_it_took(self):
        program = self.start(tree(parent="exit0"))
        grandchild = self.grandchild_pid(program)
        self.assertIsNotNone(program.wait_for_line(rb"^ready\r?$", 5))
        started = time.monotonic()
        status, took = program.stop(5)
        self.assertEqual(status, 0, program.stderr.text())
        self.assertGreaterEqual(took, 0)
        self.assertLess(took, 5)
        self.assertLess(time.monotonic() - started, 5)
        self.assertGone(program.pid, grandchild)

    def test_a_child_that_ignores_sigterm_is_killed_when_its_parent_stops(self):
        program = self.start(tree(parent="exit0", grandchild="ignore"))
        grandchild = self.grandchild_pid(program)
        self.assertIsNotNone(program.wait_for_line(rb"^ready\r?$", 5))
        status, _ = program.stop(5)
        self.assertEqual(status, 0, program.stderr.text())
        self.assertGone(program.pid, grandchild)

    def test_a_program_that_ignores_sigterm_gets_none_and_grace_and_is_killed(self):
        program = self.start(tree(parent="ignore", grandchild="ignore"))
        grandchild = self.grandchild_pid(program)
        self.assertIsNotNone(program.wait_for_line(rb"^ready\r?$", 5))
        started = time.monotonic()
        self.assertEqual(program.stop(0.5), (None, 0.5))
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 0.4)
        self.assertLess(elapsed, 8)
        self.assertIsNotNone(program.poll(), "stop() returned with the program still running")
        self.assertGone(program.pid, grandchild)

    def test_a_program_killed_by_sigterm_gives_the_signal(self):
        program = self.start(python("import time; print('ready', flush=True); time.sleep(30)"))
        self.assertIsNotNone(program.wait_for_line(rb"^ready\r?$", 5))
        status, _ = program.stop(5)
        self.assertEqual(status, -15)
        self.assertIn("SIGTERM", program.describe_exit())

    def test_stopping_a_program_that_has_exited_gives_its_status(self):
        program = self.start(python("import sys; sys.exit(3)"))
        self.assertEqual(program.wait(5), 3)
        self.assertEqual(program.stop(5), (3, 0.0))


class Output(ProgramTestCase):
    def test_output_beyond_the_cap_is_cut_and_the_program_is_not_blocked(self):
        size = OUTPUT_CAP * 2 + 12345
        program = self.start(python("""
            import sys
            data = bytes(i % 251 for i in range({}))
            for start in range(0, len(data), 100000):
                sys.stdout.buffer.write(data[start:start + 100000])
            sys.stdout.flush()
            sys.stderr.write("finished")
            """.format(size)))
        self.assertEqual(program.wait(10), 0, "the program was blocked writing its output")
        program.stdout.join(5)
        program.stderr.join(5)
        self.assertTrue(program.stdout.truncated)
        expected = bytes(i % 251 for i in range(OUTPUT_CAP))
        self.assertEqual(len(program.stdout.data()), OUTPUT_CAP)
        self.assertTrue(program.stdout.data() == expected, "the first OUTPUT_CAP bytes are not what was written")
        self.assertEqual(program.stderr.text(), "finished")
        self.assertFalse(program.stderr.truncated)

    def test_output_of_exactly_the_cap_is_not_truncated(self):
        program = self.start(python("import sys; sys.stdout.buffer.write(b'x' * {})".format(OUTPUT_CAP)))
        self.assertEqual(program.wait(10), 0)
        program.stdout.join(5)
        self.assertEqual(len(program.stdout.data()), OUTPUT_CAP)
        self.assertFalse(program.stdout.truncated)

    def test_stderr_is_capped_too(self):
        program = self.start(python("import sys; sys.stderr.buffer.write(b'e' * {})".format(OUTPUT_CAP + 1)))
        self.assertEqual(program.wait(10), 0)
        program.stderr.join(5)
        self.assertEqual(len(program.stderr.data()), OUTPUT_CAP)
        self.assertTrue(program.stderr.truncated)

    def test_windows_line_ends_are_made_plain_in_text(self):
        program = self.start(python("import sys; sys.stdout.buffer.write(b'one\\r\\ntwo\\n')"))
        self.assertEqual(program.wait(5), 0)
        program.stdout.join(5)
        self.assertEqual(program.stdout.text(), "one\ntwo\n")


class Input(ProgramTestCase):
    SLEEPER = "import time; print('ready', flush=True); time.sleep(30)"

    def test_writing_to_a_program_that_never_reads_does_not_block(self):
        program = self.start(python(self.SLEEPER), close_stdin=False)
        started = time.monotonic()
        program.write(b"x" * (8 << 20))  # far more than a pipe holds
        program.write(b"more")
        program.close_stdin()
        self.assertLess(time.monotonic() - started, 1.0)
        started = time.monotonic()
        program.kill()
        self.assertLess(time.monotonic() - started, 8)

    def test_stdin_given_at_start_to_a_program_that_never_reads_does_not_block(self):
        started = time.monotonic()
        program = self.start(python(self.SLEEPER), stdin=b"y" * (8 << 20))
        self.assertLess(time.monotonic() - started, 2.0)
        self.assertIsNotNone(program.wait_for_line(rb"^ready\r?$", 5))

    def test_a_program_that_reads_gets_every_byte_then_the_end_of_input(self):
        size = 3 << 20
        program = self.start(python("import sys; print(len(sys.stdin.buffer.read()))"), stdin=b"z" * size)
        self.assertEqual(program.wait(10), 0)
        program.stdout.join(5)
        self.assertEqual(program.stdout.text().strip(), str(size))

    def test_close_stdin_later_ends_the_input(self):
        program = self.start(python("import sys; data = sys.stdin.buffer.read(); print(data.decode())"),
                             stdin=b"first ", close_stdin=False)
        program.write(b"second")
        self.assertIsNone(program.wait(0.3), "the program saw the end of input before close_stdin()")
        program.close_stdin()
        self.assertEqual(program.wait(5), 0)
        program.stdout.join(5)
        self.assertEqual(program.stdout.text().strip(), "first second")


class WaitForLine(ProgramTestCase):
    def test_returns_the_match(self):
        program = self.start(python("""
            import time
            print("waiting for connection...", flush=True)
            print("listening on 127.0.0.1:4242", flush=True)
            time.sleep(30)
            """))
        match = program.wait_for_line(LISTENING, 5)
        self.assertIsNotNone(match)
        self.assertEqual(match.group(1), b"127.0.0.1")
        self.assertEqual(match.group(2), b"4242")

    def test_finds_a_line_printed_just_before_the_program_exits(self):
        program = self.start(python("print('listening on 127.0.0.1:4242')"))
        match = program.wait_for_line(LISTENING, 5)
        self.assertIsNotNone(match)
        self.assertEqual(match.group(2), b"4242")

    def test_reads_stderr_when_asked(self):
        program = self.start(python("import sys, time; print('on stderr', file=sys.stderr, flush=True); "
                                    "time.sleep(30)"))
        self.assertIsNotNone(program.wait_for_line(rb"^on stderr\r?$", 5, stream="stderr"))

    def test_returns_none_soon_when_the_program_exits_without_the_line(self):
        program = self.start(python("print('something else')"))
        started = time.monotonic()
        self.assertIsNone(program.wait_for_line(LISTENING, 10))
        self.assertLess(time.monotonic() - started, 5, "it waited for the timeout after the program had exited")

    @POSIX_ONLY
    def test_returns_none_soon_when_the_program_exits_and_a_child_keeps_its_stdout(self):
        program = self.start(["sh", "-c", "sleep 30 & echo something else"])
        started = time.monotonic()
        self.assertIsNone(program.wait_for_line(LISTENING, 10))
        self.assertLess(time.monotonic() - started, 5)

    def test_returns_none_after_the_timeout(self):
        program = self.start(python("import time; time.sleep(30)"))
        started = time.monotonic()
        self.assertIsNone(program.wait_for_line(LISTENING, 0.5))
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 0.4)
        self.assertLess(elapsed, 3)
        self.assertFalse(program.exited())

    def test_does_not_match_a_line_that_is_not_complete_yet(self):
        # A program may write its listening line in pieces; the port is what the whole line says.
        program = self.start(python("""
            import sys, time
            sys.stdout.write("listening on 127.0.0.1:12"); sys.stdout.flush()
            time.sleep(0.5)
            sys.stdout.write("345\\n"); sys.stdout.flush()
            time.sleep(30)
            """))
        match = program.wait_for_line(LISTENING, 5)
        self.assertIsNotNone(match)
        self.assertEqual(match.group(2), b"12345")


class Start(unittest.TestCase):
    def test_a_missing_executable_is_a_start_error(self):
        before = len(process.running._running)
        with self.assertRaises(StartError) as raised:
            Program([os.path.join(tempfile.gettempdir(), "no-such-program-here"), "--port", "0"])
        self.assertIn("no-such-program-here", str(raised.exception))
        self.assertEqual(len(process.running._running), before, "a program that never started is registered")

    @POSIX_ONLY
    def test_a_file_that_is_not_executable_is_a_start_error(self):
        with tempfile.NamedTemporaryFile(suffix=".sh") as script:
            script.write(b"#!/bin/sh\necho hi\n")
            script.flush()
            os.chmod(script.name, 0o644)
            with self.assertRaises(StartError):
                Program([script.name])

    def test_name_is_the_program_file_name(self):
        with Program(python("pass")) as program:
            self.assertEqual(program.name, os.path.basename(sys.executable))


class KillAll(ProgramTestCase):
    def setUp(self):
        self.registry = process._Registry()
        patcher = mock.patch.object(process, "running", self.registry)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_kills_every_running_program_and_then_no_program_may_start(self):
        programs = [self.start(python("import time; print('ready', flush=True); time.sleep(30)"))
                    for _ in range(3)]
        for program in programs:
            self.assertIsNotNone(program.wait_for_line(rb"^ready\r?$", 5))
        self.assertEqual(len(self.registry._running), 3)
        started = time.monotonic()
        self.registry.kill_all()
        self.assertLess(time.monotonic() - started, 10)
        self.assertTrue(self.registry.shutting_down)
        for program in programs:
            self.assertIsNotNone(program.poll(), "kill_all() left {} running".format(program.pid))
        self.assertEqual(len(self.registry._running), 0)
        with self.assertRaises(Interrupted):
            Program(python("import time; time.sleep(30)"))
        self.assertEqual(len(self.registry._running), 0)

    @POSIX_ONLY
    def test_kills_the_grandchildren_too(self):
        program = self.start(tree(parent="ignore", grandchild="ignore"))
        grandchild = self.grandchild_pid(program)
        self.registry.kill_all()
        self.assertGone(program.pid, grandchild)

    def test_a_killed_program_leaves_the_registry(self):
        program = self.start(python("import time; time.sleep(30)"))
        self.assertIn(program, self.registry._running)
        program.kill()
        self.assertNotIn(program, self.registry._running)

    @unittest.skipUnless(threading.current_thread() is threading.main_thread(), "signals reach the main thread")
    def test_a_ctrl_c_landing_while_a_program_starts_waits_until_it_is_registered(self):
        # Right after the fork, before the registration: the worst moment for Ctrl+C.
        previous = signal.signal(signal.SIGINT, process.interrupts.on_signal)
        self.addCleanup(signal.signal, signal.SIGINT, previous)
        spawn = process._spawn

        def spawn_then_ctrl_c(*args):
            popen = spawn(*args)
            signal.raise_signal(signal.SIGINT)
            return popen

        with mock.patch.object(process, "_spawn", spawn_then_ctrl_c), self.assertRaises(KeyboardInterrupt):
            Program(python("import time; time.sleep(30)"))
        self.assertEqual(len(self.registry._running), 1, "started, and unknown to kill_all()")
        program = next(iter(self.registry._running))
        self.registry.kill_all()
        self.assertIsNotNone(program.poll())

    def test_the_global_registry_is_untouched(self):
        # The registry the harness uses is the module global; these tests use their own.
        self.assertIsNot(process.running, self.real_registry)
        self.assertFalse(self.real_registry.shutting_down)

    real_registry = process.running


@POSIX_ONLY
class RunInTheForeground(ProgramTestCase):
    """The test suite's steps (CTest) print straight to the terminal; Ctrl+C or SIGTERM to
    the harness must still end everything they started."""

    def interrupted_run(self, script, grace):
        """Runs `sh -c script` (which writes a background job's pid to $1), sends this
        process SIGINT once the pid is written, and returns that pid."""
        pid_file = os.path.join(tempfile.mkdtemp(), "pid")
        self.addCleanup(os.remove, pid_file)

        def interrupt_once_started():
            wait_until(lambda: os.path.exists(pid_file) and os.path.getsize(pid_file) > 0, GONE_WITHIN)
            os.kill(os.getpid(), signal.SIGINT)

        threading.Thread(target=interrupt_once_started, daemon=True).start()
        started = time.monotonic()
        with self.assertRaises(KeyboardInterrupt):
            process.run_in_the_foreground(["sh", "-c", script, "sh", pid_file], os.getcwd(), grace=grace)
        self.assertLess(time.monotonic() - started, grace + GONE_WITHIN)
        with open(pid_file) as written:
            pid = int(written.read())
        self.addCleanup(self.kill_if_left, pid)
        return pid

    def test_ctrl_c_ends_the_command_and_its_background_job(self):
        self.assertGone(self.interrupted_run('sleep 30 & echo $! > "$1"; sleep 30', grace=5))

    def test_what_ignores_sigterm_is_killed_after_the_grace(self):
        self.assertGone(self.interrupted_run('(trap "" TERM; sleep 30) & echo $! > "$1"; sleep 30', grace=0.5))

    def test_the_exit_status_is_the_commands(self):
        self.assertEqual(process.run_in_the_foreground(["sh", "-c", "exit 3"], os.getcwd()), 3)


class DescribeStatus(unittest.TestCase):
    def test_statuses(self):
        self.assertEqual(process.describe_status(None), "is still running")
        self.assertEqual(process.describe_status(0), "exited with status 0")
        self.assertEqual(process.describe_status(1), "exited with status 1")

    @POSIX_ONLY
    def test_signals(self):
        self.assertIn("SIGSEGV", process.describe_status(-11))
        self.assertIn("crash", process.describe_status(-11))
        self.assertIn("SIGKILL", process.describe_status(-9))


if __name__ == "__main__":
    unittest.main()
