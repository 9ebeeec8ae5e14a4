"""The resource limits every program under test runs with (Linux, set by util-linux's
prlimit as it starts the program), and how a program stopped at one is told: a runaway
program fails its check, with the limit named, and the grader goes on unharmed. (And the
harness's own limit of open files, raised for a thousand clients at once.)

Memory is the data limit (RLIMIT_DATA: heap, anonymous maps, thread stacks), not the
address space, which sanitizers reserve by the terabyte; with sanitizers and under Wine it
is left unset. Processes (RLIMIT_NPROC) count every process and thread of the user, so the
limit is set only where the programs' user is theirs alone: in the harness's own user
namespace, or as an unprivileged user of their own (--run-as); root is exempt anyway.
A program that would run as root (CI, or the harness's user namespace) runs with no
capabilities at all: root with them could mount the project writable again, or leave
its namespaces. Under the machine's root (`nobody`), it runs as the user nobody instead,
where nobody can reach its files (every folder above them open to others): else as root,
with no capabilities."""

import errno
import functools
import os
import shutil
import signal
import stat
import sys
from dataclasses import dataclass, replace
from typing import Optional

MIB = 1024 * 1024
PROCESSES = 256  # the processes limit, where it is set (processes and threads, all programs at once)


@dataclass(frozen=True)
class Limits:
    memory_mib: Optional[int] = 1024     # None: not limited
    processes: Optional[int] = None      # None: not limited (see the module's docstring)
    cpu_seconds: int = 120
    file_mib: int = 64
    open_files: int = 4096
    nobody: bool = False                 # as the machine's root: programs run as nobody where they can
    sanitizer: str = ""                  # "asan" or "tsan": the programs carry a sanitizer's runtime

    def without_memory(self):
        return replace(self, memory_mib=None)

    def setpriv_options(self, files):
        """What setpriv is told, for a program about to run as root: the user nobody, if
        `nobody` and it can reach files() (the program's, its folder: looked up only then);
        no capabilities, and no way to gain any (setuid programs)."""
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            return []
        options = ["--no-new-privs", "--inh-caps=-all", "--bounding-set=-all"]
        if self.nobody and all(_open_to_others(path) for path in files()):
            options = ["--reuid={}".format(NOBODY[0]), "--regid={}".format(NOBODY[1]), "--clear-groups"] + options
        return options

    @functools.lru_cache(maxsize=None)  # (once per Limits, not once per program started)
    def prefix(self):
        """The command that sets the limits and then runs the rest of the command line, or
        [] where that cannot be had (not Linux, no prlimit)."""
        if not sys.platform.startswith("linux") or not shutil.which("prlimit"):
            return ()
        # CPU: SIGXCPU at the soft limit, which a story can tell; SIGKILL a second later.
        wanted = {"--cpu": (self.cpu_seconds, self.cpu_seconds + 1), "--fsize": self.file_mib * MIB,
                  "--nofile": self.open_files}
        if self.memory_mib:
            wanted["--data"] = self.memory_mib * MIB
        if self.processes:
            wanted["--nproc"] = self.processes
        import resource
        current = {"--cpu": resource.RLIMIT_CPU, "--fsize": resource.RLIMIT_FSIZE, "--nofile": resource.RLIMIT_NOFILE,
                   "--data": resource.RLIMIT_DATA, "--nproc": resource.RLIMIT_NPROC}
        options = []
        for option, value in wanted.items():
            soft, hard = value if isinstance(value, tuple) else (value, value)
            most = resource.getrlimit(current[option])[1]
            if most != resource.RLIM_INFINITY:  # a hard limit may be lowered, never raised
                soft, hard = min(soft, most), min(hard, most)
            options.append("{}={}:{}".format(option, soft, hard))
        return ("prlimit",) + tuple(options) + ("--",)

    def story(self, status, stderr):
        """The hint id of a program stopped at a limit (its exit status, its stderr), or None."""
        if status is not None and status < 0:
            if -status == getattr(signal, "SIGXCPU", None):
                return "cpu-limit"
            if -status == getattr(signal, "SIGXFSZ", None):
                return "file-size-limit"
        if os.strerror(errno.EFBIG) in stderr:  # "File too large": where SIGXFSZ is ignored (Python)
            return "file-size-limit"
        if self.memory_mib and any(sign in stderr for sign in MEMORY_SIGNS):
            return "memory-limit"
        if self.processes and _out_of_processes(stderr):
            return "process-limit"
        return None

    def told(self, hint_id):
        """The sentence that names the limit a program reached (a story's hint id)."""
        return {"memory-limit": "it reached the memory limit of {} MiB".format(self.memory_mib),
                "process-limit": "it reached the limit of {} processes and threads".format(self.processes),
                "cpu-limit": "it reached the limit of {} s of CPU time".format(self.cpu_seconds),
                "file-size-limit": "it reached the file size limit of {} MiB".format(self.file_mib)}.get(hint_id)


MEMORY_SIGNS = ("std::bad_alloc", "MemoryError", os.strerror(errno.ENOMEM))


def _out_of_processes(stderr):
    """Whether `stderr` tells of a process or thread that could not be started: EAGAIN's
    words from fork() or a thread (not from a non-blocking socket, nor from a resolver's
    errno), or Python's own words for it."""
    return "can't start new thread" in stderr or (os.strerror(errno.EAGAIN) in stderr and any(
        sign in stderr for sign in ("fork", "thread", "std::system_error", "spawn")))


OPEN_FILES_WANTED = 8192  # a thousand clients at once need a socket (a file) each


def allow_many_open_files():
    """Raises this process's limit of open files (1024, or 256 on macOS, by default) toward
    OPEN_FILES_WANTED; the programs the harness starts inherit it."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = OPEN_FILES_WANTED if hard == resource.RLIM_INFINITY else min(OPEN_FILES_WANTED, hard)
        if soft != resource.RLIM_INFINITY and soft < wanted:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no such limit on sockets


def _nobody():
    try:
        import pwd
        entry = pwd.getpwnam("nobody")
        return entry.pw_uid, entry.pw_gid
    except (ImportError, KeyError):
        return 65534, 65534


NOBODY = _nobody()


def _open_to_others(path):
    """Whether a user of no group of the file's can use `path`: read it (a folder: enter
    it), and reach it through folders each open to others."""
    try:
        mode = os.stat(path).st_mode
        folder = os.path.dirname(os.path.abspath(path))
        while True:
            if not os.stat(folder).st_mode & stat.S_IXOTH:
                return False
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    except OSError:
        return False
    return bool(mode & (stat.S_IXOTH if stat.S_ISDIR(mode) else stat.S_IROTH))
