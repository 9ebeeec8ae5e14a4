"""Running Windows programs under Wine (the windows-cross preset, or `check --cmd "wine
..."`), the way that works: Wine turns SIGINT into Ctrl+C (CTRL_C_EVENT) for a program,
but kills it outright on SIGTERM, and cannot send Ctrl+Break; Wine 8 has no AF_UNIX
sockets. Its own server (wineserver) is kept running for the whole run, so that programs
start in a tenth of a second instead of two, and is stopped at the end.

Wine 8's server aborts now and then (an assertion in sock_get_poll_events), and the
programs it served hang for ever. Then every program would start a server of its own,
killed with it, at two seconds a start: so the session starts the server again before
the next check (mend), and at its end kills every Wine process that began during it."""

import os
import shutil
import signal
import subprocess
import threading

TIME_LIMIT = 120  # for Wine's first start, which creates its prefix (~/.wine)
_PROC = "/proc"   # where a Wine process and its server are found (Linux); elsewhere, not mended
_session = None   # the WineSession of this run, if any


def is_wine(argv):
    """True if the command runs its program under Wine."""
    first = argv.split()[0] if isinstance(argv, str) else argv[0]
    return os.path.basename(str(first)).startswith("wine")


def mend():
    """Before a check under Wine: starts Wine's server again if it has died. True if it had."""
    return _session.mend() if _session else False


class WineSession:
    """For the length of a run: quiet Wine (WINEDEBUG=-all), a persistent wineserver
    started and warmed up, started again if it dies, and stopped (wineserver -k) when the
    run ends, with every Wine process that began during the run."""

    def __init__(self, say):
        self.say = say
        self.started = False
        self.server = None  # the server's process id, where /proc tells it
        self.since = _now()
        self.lock = threading.Lock()

    def __enter__(self):
        global _session
        os.environ.setdefault("WINEDEBUG", "-all")
        if shutil.which("wine") or shutil.which("wine64"):
            self.say("starting Wine (its first start on this machine takes a while)")
            self._start()
        _session = self
        return self

    def __exit__(self, *exc):
        global _session
        _session = None
        if self.started:
            self._stop()

    def mend(self):
        with self.lock:
            if not self.started or self.server is None or _running(self.server):
                return False
            self.say("Wine's server stopped (Wine 8 aborts now and then): starting it again")
            self._stop()
            self._start()
            return True

    def _start(self):
        wine, server = shutil.which("wine") or shutil.which("wine64"), shutil.which("wineserver")
        if not (wine and server):
            return
        try:
            subprocess.run([server, "-p"], timeout=TIME_LIMIT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run([wine, "cmd", "/c", "exit"], timeout=TIME_LIMIT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.started = True
        except (OSError, subprocess.TimeoutExpired):
            return
        folder = _server_folder()
        self.server = next((pid for pid, (exe, cwd, _) in _wine_processes().items()
                            if os.path.basename(exe).startswith("wineserver") and cwd == folder), None)

    def _stop(self):
        server = shutil.which("wineserver")
        for option in ("-k", "-w") if server else ():  # kill its programs and itself, then wait until it has gone
            try:
                subprocess.run([server, option], timeout=30, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except (OSError, subprocess.TimeoutExpired):
                pass
        for pid, (_, _, started) in _wine_processes().items():  # those a dead server left hanging
            if started >= self.since:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass


def _prefix():
    return os.environ.get("WINEPREFIX") or os.path.expanduser("~/.wine")


def _server_folder():
    """The name of the folder Wine's server for this prefix works in: server-<device>-<inode>."""
    try:
        prefix = os.stat(_prefix())
    except OSError:
        return None
    return "server-{:x}-{:x}".format(prefix.st_dev, prefix.st_ino)


def _now():
    """Now, in the clock of a process's start time in /proc (ticks since boot); 0 without /proc."""
    try:
        with open(os.path.join(_PROC, "uptime")) as uptime:
            return int(float(uptime.read().split()[0]) * os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, AttributeError):
        return 0


def _stat(pid):
    """The fields of /proc/PID/stat after the program's name: state first, start time at 19."""
    with open(os.path.join(_PROC, str(pid), "stat")) as stat:
        return stat.read().rpartition(")")[2].split()


def _running(pid):
    try:
        return _stat(pid)[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _wine_processes():
    """{pid: (program, the name of its working folder, start time)} of this user's live Wine
    processes and Wine servers (each a program named wine*), read from /proc."""
    found = {}
    names = os.listdir(_PROC) if os.path.isdir(_PROC) else []
    for name in (name for name in names if name.isdigit()):
        folder = os.path.join(_PROC, name)
        try:
            if os.stat(folder).st_uid != os.getuid():
                continue
            exe = os.readlink(os.path.join(folder, "exe"))  # (a zombie has none)
            if not os.path.basename(exe).startswith("wine"):
                continue
            fields = _stat(name)
            found[int(name)] = (exe, os.path.basename(os.readlink(os.path.join(folder, "cwd"))), int(fields[19]))
        except (OSError, IndexError, ValueError):
            continue
    return found
