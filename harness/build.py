"""Building what is graded: configure the CMake preset once, then build each lab's target
on its own, so that one lab's compile error fails only that lab's `builds` check."""

import os
import re
import threading
import time
from dataclasses import dataclass

from .errors import HarnessError
from .process import IS_WINDOWS, Program, StartError

IMPL_PREFIX = {"labs": "lab", "solutions": "solution"}
FIRST_ERRORS_LINES = 20
BUILD_TIME_LIMIT = 600
_tree_locks = {}  # one lock per build tree, shared by every Builder of it
_tree_locks_guard = threading.Lock()


class _TreeLock:
    """One build at a time in a build tree: among this harness's threads (a lock), and among
    harness processes, such as the tests CTest runs side by side (a lock file in the tree)."""

    def __init__(self, build_dir):
        with _tree_locks_guard:
            self._threads = _tree_locks.setdefault(build_dir, threading.Lock())
        self._build_dir = build_dir
        self._file = None

    def __enter__(self):
        self._threads.acquire()
        try:
            os.makedirs(self._build_dir, exist_ok=True)
            self._file = open(os.path.join(self._build_dir, ".harness.lock"), "a+")
            _lock_file(self._file)
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, *exc):
        self._release()

    def _release(self):
        if self._file is not None:
            self._file.close()  # which unlocks it
            self._file = None
        self._threads.release()


def _lock_file(file):
    """Waits for the lock of `file` (bounded by the build time limit on Windows, where
    waiting has no other bound; on POSIX the holder's build is bounded)."""
    if IS_WINDOWS:
        import msvcrt
        deadline = time.monotonic() + BUILD_TIME_LIMIT
        while True:
            try:
                msvcrt.locking(file.fileno(), msvcrt.LK_LOCK, 1)  # tries for 10 s, then raises
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise HarnessError("another build holds {} for too long".format(file.name)) from None
    else:
        import fcntl
        fcntl.flock(file.fileno(), fcntl.LOCK_EX)


def is_configured(root, build_dir):
    """Whether CMake configured the build tree since the presets last changed: an update of
    the course may change a preset's flags, which building alone would not apply."""
    cache = os.path.join(build_dir, "CMakeCache.txt")
    try:
        return os.path.getmtime(cache) >= os.path.getmtime(os.path.join(root, "CMakePresets.json"))
    except OSError:  # no build tree yet (or no presets: then the tree is as good as it gets)
        return os.path.exists(cache)


@dataclass
class BuildOutcome:
    ok: bool
    seconds: float
    errors: str = ""       # the first compiler errors, if it failed
    command: str = ""


class Builder:
    """Builds into build/<preset>/ (or `build_dir`). Builds run one at a time: two builds
    in one build tree at once would step on each other."""

    def __init__(self, root, preset="default", build_dir=None, skip_build=False):
        self.root = os.path.abspath(root)
        self.preset = preset
        self.build_dir = os.path.abspath(build_dir or os.path.join(self.root, "build", preset))
        self.skip_build = skip_build
        self._lock = _TreeLock(self.build_dir)
        self._configured = skip_build  # or found so under the lock, by configure()

    def configure(self):
        """Configures the build tree if it is not yet (cmake --preset); HarnessError if that fails."""
        with self._lock:
            # Configured already, perhaps by another harness process meanwhile?
            self._configured = self._configured or is_configured(self.root, self.build_dir)
            if self._configured:
                return
            command = ["cmake", "--preset", self.preset]
            if os.path.abspath(os.path.join(self.root, "build", self.preset)) != self.build_dir:
                command += ["-B", self.build_dir]
            result = _run(command, self.root)
            if result.returncode != 0:
                raise HarnessError("cannot configure the build (`{}`):\n{}".format(
                    " ".join(command), _tail(result.stdout, 25)))
            self._configured = True

    def build_lab(self, impl, lab):
        """Builds the lab's target (lab01, solution01, ...)."""
        target = IMPL_PREFIX[impl] + lab.number
        if self.skip_build:
            missing = [program for program in lab.programs if not os.path.exists(self.program_path(impl, lab, program))]
            if missing:
                return BuildOutcome(False, 0.0, "not built: {} (build the target {} first)".format(
                    ", ".join(missing), target))
            return BuildOutcome(True, 0.0)
        return self.build_target(target)

    def build_target(self, target):
        """Builds one CMake target, configuring the tree first if it is not yet."""
        self.configure()
        command = ["cmake", "--build", self.build_dir, "--target", target]
        with self._lock:
            started = time.monotonic()
            result = _run(command, self.root)
            seconds = time.monotonic() - started
        if result.returncode != 0:
            return BuildOutcome(False, seconds, first_errors(result.stdout), " ".join(command))
        return BuildOutcome(True, seconds, command=" ".join(command))

    def emulator(self):
        """What runs the programs of a cross-compiled tree (CMAKE_CROSSCOMPILING_EMULATOR,
        e.g. ["/usr/lib/wine/wine64"]), or [] for a native one."""
        try:
            with open(os.path.join(self.build_dir, "CMakeCache.txt"), encoding="utf-8", errors="replace") as cache:
                for line in cache:
                    if line.startswith("CMAKE_CROSSCOMPILING_EMULATOR:"):
                        value = line.split("=", 1)[1].strip()
                        return [part for part in value.split(";") if part]
        except OSError:
            pass
        return []

    def program_path(self, impl, lab, program):
        """Where the program lands (see cmake/Labs.cmake), with .exe where it has one."""
        path = os.path.join(self.build_dir, impl, lab.folder, program)
        return path + ".exe" if os.path.exists(path + ".exe") else path


@dataclass
class _Finished:
    returncode: int
    stdout: str  # what the tool printed: its stdout, then its stderr


def _run(command, cwd):
    """Runs a build tool to its end as a Program: Ctrl+C, or a time limit, stops it with
    the compilers it started."""
    try:
        with Program(command, cwd=cwd, passes_on_interrupts=True) as tool:
            status = tool.wait(BUILD_TIME_LIMIT)
            if status is None:
                raise HarnessError("`{}` took more than {} s".format(" ".join(command), BUILD_TIME_LIMIT))
            return _Finished(status, tool.stdout.text() + tool.stderr.text())
    except StartError:
        raise HarnessError("`{}` is not installed (or not on PATH)".format(command[0])) from None


ERROR_LINE = re.compile(r"(\berror\b|undefined reference|unresolved external|ld returned)", re.IGNORECASE)
NOISE = re.compile(r"^(\[\d+/\d+\]|FAILED:|ninja:|gmake|make(\[\d+\])?:|\S*(c\+\+|g\+\+|clang\+\+|cl\.exe)\s)")


def first_errors(output, limit=FIRST_ERRORS_LINES):
    """The first compiler or linker errors in a build's output, with the lines that follow
    them (the code and the caret), leaving out build-tool noise and compile commands."""
    lines = [line for line in output.splitlines() if not NOISE.match(line.strip())]
    for index, line in enumerate(lines):
        if ERROR_LINE.search(line):
            return "\n".join(_shorten(line) for line in lines[index:index + limit])
    return _tail(output, limit)


def _shorten(line):
    """Compiler messages name files by absolute path; the path from here reads better."""
    return line.replace(os.getcwd() + os.sep, "")


def _tail(text, count):
    return "\n".join(text.strip().splitlines()[-count:])
