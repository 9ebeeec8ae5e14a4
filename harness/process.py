"""Programs under test: start them, read what they print, stop their whole process tree.

Every program runs in a process group of its own (POSIX: a new session; Windows: a new
process group inside a job object), so that stopping it also stops whatever it started.
Its output is drained by reader threads (streams.py) and kept up to a cap, every
wait has a time limit, and every program still running when the harness ends, or is
interrupted, is killed: nothing is left behind.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

from .exits import describe_status
from . import namespaces, windows_jobs
from .interrupts import interrupts
from .limits import allow_many_open_files
from .streams import Output, StdinWriter

IS_WINDOWS = os.name == "nt"
allow_many_open_files()  # (the programs it starts inherit it)


class Interrupted(Exception):
    """The harness is shutting down (Ctrl+C): no new program may start."""


class StartError(Exception):
    """The program could not be started at all (no such file, not executable)."""


class _Registry:
    """Every program running now, so that all can be stopped at the end or on Ctrl+C.
    Starting a program and registering it happen under one lock, so that kill_all()
    either sees a program or stops it from starting: none can slip through."""

    def __init__(self):
        self.lock = threading.Lock()
        self._running = set()
        self.shutting_down = False

    def start(self, program, spawn):
        """Runs spawn() and registers `program`, unless the harness is shutting down."""
        with interrupts.held_back(), self.lock:
            if self.shutting_down:
                raise Interrupted()
            spawn()
            self._running.add(program)

    def discard(self, program):
        with self.lock:
            self._running.discard(program)

    def kill_all(self):
        with self.lock:
            self.shutting_down = True
            programs = list(self._running)
        for program in programs:
            if program.passes_on_interrupts:
                program.stop(INTERRUPT_GRACE, interrupt=True)
            else:
                program.kill()


running = _Registry()
INTERRUPT_GRACE = 10  # seconds a build tool has to stop its compilers after a Ctrl+C


class Program:
    """One program under test, started at once. Use it as a context manager, or call
    kill() at the end: either way its whole process tree is gone after."""

    def __init__(self, argv, *, name=None, stdin=b"", close_stdin=True, env=None, cwd=None, user=None,
                 passes_on_interrupts=False, limits=None):
        """argv: a list (or, on Windows, a command line string). stdin: bytes written to the
        program's standard input at once; close_stdin: then close it (end of input).
        user: a RunAs, to run the program as that (unprivileged) user instead of ours.
        passes_on_interrupts: a build tool. Ninja and make start each compiler in a process
        group of its own, out of reach of a kill of theirs, and stop them on Ctrl+C: on
        Ctrl+C, kill_all() hands it the Ctrl+C and waits for it (INTERRUPT_GRACE).
        limits: a limits.Limits the program runs with."""
        self.argv = argv
        self.passes_on_interrupts = passes_on_interrupts
        self.name = name or _program_name(argv)
        self.started_at = time.monotonic()
        self.returncode = None
        self._killed = False
        running.start(self, lambda: self._spawn(argv, env, cwd, user, limits))
        self.pid = self._popen.pid
        self.write(stdin)
        if close_stdin:
            self.close_stdin()

    def _spawn(self, argv, env, cwd, user, limits):
        try:
            self._popen = namespaces.started(lambda: _spawn(argv, env, cwd, user, limits))
        except OSError as error:
            raise StartError("cannot start {}: {}".format(self.name, error.strerror or error)) from None
        self._job = windows_jobs.assign(self._popen) if IS_WINDOWS else None
        self.stdout = Output(self._popen.stdout)
        self.stderr = Output(self._popen.stderr)
        self._stdin = StdinWriter(self._popen.stdin)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()

    # --- input

    def write(self, data):
        """Queues bytes for the program's stdin (a thread writes them: a program that does
        not read cannot block the harness)."""
        self._stdin.write(data)

    def close_stdin(self):
        """Ends the program's input, after what is queued."""
        self._stdin.close()

    # --- waiting

    def poll(self):
        if self.returncode is None:
            self.returncode = self._popen.poll()
        return self.returncode

    def exited(self):
        return self.poll() is not None

    def wait(self, timeout):
        """The exit status, or None if the program is still running after `timeout` seconds.
        Once it has exited, what it wrote last is read too before this returns."""
        try:
            self.returncode = self._popen.wait(max(timeout, 0))
        except subprocess.TimeoutExpired:
            return None
        for output in (self.stdout, self.stderr):
            output.join(0.5)  # the pipes end with the program (unless a child of it holds them)
        return self.returncode

    def wait_for_line(self, pattern, timeout, stream="stdout"):
        """The first match of `pattern` (a regex on bytes, one line) in the output, or None
        if it does not come within `timeout` seconds or the program ends without it."""
        regex = re.compile(pattern, re.MULTILINE)
        output = getattr(self, stream)

        def search(data):
            # Only whole lines count while more may come: "listening on 127.0.0.1:12" may be
            # the start of "listening on 127.0.0.1:12345".
            return regex.search(data if output.closed else data[:data.rfind(b"\n") + 1])
        deadline = time.monotonic() + timeout
        # A program whose output reached the cap will not print the line where it can be seen.
        found = output.wait_until(search, deadline, give_up=lambda: self.exited() or output.truncated)
        if found is None and self.exited():
            # It may have printed the line just before it exited: look once more.
            output.join(0.5)
            found = search(output.data())
        return found

    def cpu_seconds(self):
        """CPU time used by the program so far, where the OS tells it cheaply (Linux), else None."""
        try:
            with open("/proc/{}/stat".format(self.pid)) as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError, AttributeError):
            return None

    # --- stopping

    def stop(self, grace, interrupt=False):
        """Asks the program to stop (SIGTERM; Ctrl+Break on Windows; with `interrupt`,
        SIGINT, as Ctrl+C sends) and waits up to `grace` seconds. Returns (exit status,
        seconds it took), or (None, grace) if it had to be killed. Either way the whole
        process tree is gone after."""
        if self.exited():
            self.kill()
            return self.returncode, 0.0
        asked_at = time.monotonic()
        _ask_to_stop(self._popen, interrupt)
        status = self.wait(grace)
        took = time.monotonic() - asked_at
        self.kill()
        return (status, took) if status is not None else (None, grace)

    def kill(self):
        """Kills the whole process tree at once, and waits (bounded) for it to be gone."""
        if self._killed:
            return
        self._killed = True
        _kill_tree(self._popen, self._job)
        self.wait(5)
        self._stdin.abandon()
        for output in (self.stdout, self.stderr):
            output.join(1)
        running.discard(self)

    def describe_exit(self):
        """'exited with status 1', 'was killed by signal SIGSEGV (a crash)', or 'is running'."""
        return describe_status(self.poll())


def run_in_the_foreground(argv, cwd, grace=20):
    """Runs a command whose output goes straight to the harness's own (the test suite's
    steps: CMake, CTest), in a process group of its own, and returns its exit status. On
    Ctrl+C or SIGTERM the whole group (CTest and every test it runs) is asked to stop, and
    killed after `grace` seconds; then KeyboardInterrupt goes on."""
    options = {"creationflags": _CREATE_NEW_PROCESS_GROUP} if IS_WINDOWS else {"start_new_session": True}
    popen = None
    try:
        with interrupts.held_back():
            popen = subprocess.Popen(argv, cwd=cwd, **options)
        return popen.wait()
    except KeyboardInterrupt:
        if popen is None:
            raise
        with interrupts.ignored():
            _ask_to_stop(popen, interrupt=False)
            try:
                popen.wait(grace)
            except subprocess.TimeoutExpired:
                pass
            _kill_tree(popen, None)
        popen.wait()
        raise


def _program_name(argv):
    first = argv.split()[0] if isinstance(argv, str) else argv[0]
    return os.path.basename(str(first))


# --- the POSIX and Windows ways of starting and stopping a process tree

# The Windows side (here, and windows_jobs.py) is used only where IS_WINDOWS; its tests run
# on any machine, with the Windows calls stood in for.
_CREATE_NEW_PROCESS_GROUP = 0x00000200

# Linux: each program dies with the harness, even a harness killed outright (SIGKILL): its
# parent-death signal is set by util-linux's setpriv, which then runs it (about 1 ms more).
_DIE_WITH_THE_HARNESS = (["setpriv", "--pdeathsig", "KILL"]
                         if sys.platform.startswith("linux") and shutil.which("setpriv") else [])


def _where(program, cwd, env):
    if os.sep in program:
        return program if os.path.isabs(program) else os.path.join(cwd or os.getcwd(), program)
    return shutil.which(program, path=(env or os.environ).get("PATH")) or ""


def _can_run(program, cwd, env):
    path = _where(program, cwd, env)
    return os.path.isfile(path) and os.access(path, os.X_OK)


def _files(argv, cwd, env):
    """The files a program needs to reach: itself, its folder, the files it is given."""
    folder = cwd or os.getcwd()
    given = [os.path.join(folder, word) for word in argv[1:] if os.path.isfile(os.path.join(folder, word))]
    return [_where(argv[0], cwd, env), folder] + given


def _spawn(argv, env, cwd, user=None, limits=None):
    """Starts argv in a process group (or session) of its own; on Linux with its parent-death
    signal set and, given `limits` (a limits.Limits), under them and with no privileges, if
    argv can run at all (else Popen itself says why it cannot start it)."""
    options = dict(stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                   env=env, cwd=cwd, bufsize=0)
    if isinstance(argv, list) and _can_run(argv[0], cwd, env):
        prefix = list(limits.prefix()) if limits else []
        if _DIE_WITH_THE_HARNESS:
            dropped = limits.setpriv_options(lambda: _files(argv, cwd, env)) if limits and user is None else []
            prefix = _DIE_WITH_THE_HARNESS + dropped + ["--"] + prefix
        argv = prefix + argv
    if user is not None:
        options.update(user.popen_options())
    if IS_WINDOWS:
        options["creationflags"] = _CREATE_NEW_PROCESS_GROUP
    else:
        options["start_new_session"] = True
    return subprocess.Popen(argv, **options)


def _ask_to_stop(popen, interrupt):
    try:
        if IS_WINDOWS:
            # Only Ctrl+Break reaches a process group of its own: Ctrl+C is off in it.
            os.kill(popen.pid, signal.CTRL_BREAK_EVENT)
        else:
            os.killpg(popen.pid, signal.SIGINT if interrupt else signal.SIGTERM)
    except OSError:
        pass


def _kill_tree(popen, job):
    if IS_WINDOWS:
        if job is not None:
            windows_jobs.terminate(job)
        if popen.poll() is None:
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(popen.pid)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=10)
        return
    try:
        os.killpg(popen.pid, signal.SIGKILL)  # the group outlives its leader: kill it even so
    except OSError:
        pass
