"""Where a program under test runs, and what it leaves: as root (Gradescope's container, an
instructor grading a class) the programs run as an unprivileged user, who can write
neither the grader nor its results, and every process of that user is killed at the end;
every program carries a mark in its environment, which whatever it starts inherits, so
that a process it left running (a daemon, outside its process group) is found and told."""

import os
import signal
import socket
import subprocess
import sys

from . import namespaces

MARK = "LABS_HARNESS_CHECK"  # name of the environment variable that marks a check's programs


def marked_environment(mark):
    """The environment of a program of the check marked `mark`."""
    return dict(os.environ, **{MARK: mark})


def _live_processes(wanted):
    """(pid, name) of every process running now for which wanted(pid) is true, zombies aside
    (Linux, through /proc; nothing elsewhere). wanted() runs first: it is the cheap filter."""
    found = []
    if not os.path.isdir("/proc"):
        return found
    for entry in os.listdir("/proc"):
        try:
            if not entry.isdigit() or not wanted(int(entry)):
                continue
            with open("/proc/{}/stat".format(entry)) as stat:
                name, rest = stat.read().split(" (", 1)[1].rsplit(") ", 1)
            if rest.split()[0] != "Z":
                found.append((int(entry), name))
        except (OSError, IndexError, ValueError):
            pass  # gone meanwhile, or not ours to read
    return found


def left_running(mark, but=()):
    """(pid, name) of each process still running whose environment carries `mark`, but the
    pids in `but`."""
    wanted = "{}={}".format(MARK, mark).encode()

    def marked(pid):
        if pid in but:
            return False
        with open("/proc/{}/environ".format(pid), "rb") as environ:
            return wanted in environ.read().split(b"\0")
    return _live_processes(marked)


def kill_left_running(mark, but=()):
    """Kills what left_running() finds; returns it."""
    found = left_running(mark, but)
    for pid, _ in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    return found


def process_status(pid):
    """What Linux tells of the running process `pid` in /proc/PID/status: {"Threads": n,
    "VmHWM": peak resident KiB, "VmRSS": ...} (numbers), or None elsewhere, or once it is gone."""
    try:
        with open("/proc/{}/status".format(pid)) as status:
            return {name: int(rest.split()[0]) for name, _, rest in (line.partition(":") for line in status)
                    if name in ("Threads", "VmHWM", "VmRSS") and rest.split()}
    except (OSError, ValueError):
        return None


# What a program started with each mode of short_io_environment() is told to do, for its story.
SHORT_IO_NOTES = {True: "its send() and recv() calls move fewer bytes than asked, now and then (short_io)",
                  "sends": "its send() calls move fewer bytes than asked, now and then (short_io)",
                  "v6only": "its IPv6 sockets take IPv6 only unless it says otherwise, as on Windows (short_io)"}


def short_io_environment(env, library, seed, mode=True):
    """What to add to a program's environment `env` for the short_io library (`library`):
    mode True, to cut its sends and receives short, in the order the seed gives; "sends",
    its sends only; "v6only", to cut nothing but make its IPv6 sockets IPv6-only until it
    says otherwise, as on Windows. AddressSanitizer wants to be the first library loaded:
    told not to mind this one."""
    preload = " ".join(part for part in (library, env.get("LD_PRELOAD", "")) if part)
    sanitizer = ":".join(part for part in (env.get("ASAN_OPTIONS", ""), "verify_asan_link_order=0") if part)
    return {"LD_PRELOAD": preload, "LABS_SHORT_IO": "0" if mode == "v6only" else str(seed), "ASAN_OPTIONS": sanitizer,
            "LABS_SHORT_IO_SENDS": "1" if mode == "sends" else "0", "LABS_V6ONLY": "1" if mode == "v6only" else "0"}


def has_loaded(pid, library):
    """Whether the running process `pid` has `library` (a path) mapped (Linux)."""
    library = os.path.realpath(library)
    try:
        with open("/proc/{}/maps".format(pid)) as maps:
            return any(line.rstrip("\n").endswith(" " + library) for line in maps)
    except OSError:
        return False


def bound_addresses(pids):
    """The addresses the processes `pids` listen on (TCP) or are bound to (UDP), as
    "HOST:PORT (TCP)", read from /proc (Linux; [] elsewhere): how a server that printed
    no "listening on" line can still be seen to listen."""
    inodes, viewer = set(), None  # viewer: a pid whose /proc/PID/net shows their network namespace
    for pid in pids:
        try:
            for fd in os.listdir("/proc/{}/fd".format(pid)):
                target = os.readlink("/proc/{}/fd/{}".format(pid, fd))
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
            viewer = viewer or pid
        except OSError:
            pass  # gone meanwhile, or not ours to read
    if viewer is None:
        return []
    found = []
    for kind, listening in (("tcp", "0A"), ("tcp6", "0A"), ("udp", None), ("udp6", None)):
        try:
            with open("/proc/{}/net/{}".format(viewer, kind)) as table:
                rows = table.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[9] in inodes and (listening is None or fields[3] == listening):
                found.append("{} ({})".format(_address(fields[1]), kind[:3].upper()))
    return found


def _address(text):
    """"0100007F:1F90" (as /proc/net/tcp writes it) -> "127.0.0.1:8080"."""
    host, port = text.split(":")
    raw = bytes.fromhex(host)
    if len(raw) == 4:
        return "{}:{}".format(socket.inet_ntop(socket.AF_INET, raw[::-1]), int(port, 16))
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))  # four host-order words
    return "[{}]:{}".format(socket.inet_ntop(socket.AF_INET6, words), int(port, 16))


class RunAs:
    """An unprivileged user that programs under test run as, when the harness runs as root
    (Gradescope's container): they can then write neither the grader nor its results. Every
    process of that user is killed at the end (kill_all), which reaches a program that
    left its process group too (a daemon)."""

    def __init__(self, name):
        import pwd
        if sys.version_info < (3, 9):
            raise ValueError("running programs as another user needs Python 3.9 or newer")
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            raise ValueError("there is no user {!r} to run programs as (useradd --system {})".format(
                name, name)) from None
        if not namespaces.is_root():
            raise ValueError("only root can run programs as {!r}".format(name))
        if entry.pw_uid == 0:
            raise ValueError("{!r} is root: programs must run as an unprivileged user".format(name))
        self.name, self.uid, self.gid = name, entry.pw_uid, entry.pw_gid

    def popen_options(self):
        return {"user": self.uid, "group": self.gid, "extra_groups": [], "umask": 0o077}

    def give(self, path):
        """Makes a file or folder the harness made (a socket's folder) the user's own."""
        os.chown(path, self.uid, self.gid)

    def kill_all(self, rounds=3):
        """Kills every process of the user: a shell of theirs runs `kill -KILL -1`, which
        reaches every process that user may signal, that is all of theirs (itself too).
        Rounds, for a process that forks as fast as it can."""
        for _ in range(rounds):
            try:
                subprocess.run(["/bin/sh", "-c", "kill -KILL -1"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30,
                               cwd="/", **self.popen_options())
            except (OSError, subprocess.SubprocessError):
                pass
            if not self.processes():
                return

    def processes(self):
        """The pids of the user's processes still running, zombies aside."""
        return [pid for pid, _ in _live_processes(lambda pid: os.stat("/proc/{}".format(pid)).st_uid == self.uid)]
