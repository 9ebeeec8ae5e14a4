"""Running Windows programs under Wine (the windows-cross preset, or `check --cmd "wine
..."`), the way that works: Wine turns SIGINT into Ctrl+C (CTRL_C_EVENT) for a program,
but kills it outright on SIGTERM, and cannot send Ctrl+Break; Wine 8 has no AF_UNIX
sockets. Its own server (wineserver) is kept running for the whole run, so that programs
start in a tenth of a second instead of two, and is stopped at the end."""

import os
import shutil
import subprocess

TIME_LIMIT = 120  # for Wine's first start, which creates its prefix (~/.wine)


def is_wine(argv):
    """True if the command runs its program under Wine."""
    first = argv.split()[0] if isinstance(argv, str) else argv[0]
    return os.path.basename(str(first)).startswith("wine")


class WineSession:
    """For the length of a run: quiet Wine (WINEDEBUG=-all), a persistent wineserver
    started and warmed up, and stopped (wineserver -k) when the run ends."""

    def __init__(self, say):
        self.say = say
        self.started = False

    def __enter__(self):
        os.environ.setdefault("WINEDEBUG", "-all")
        wine, server = shutil.which("wine") or shutil.which("wine64"), shutil.which("wineserver")
        if not (wine and server):
            return self
        self.say("starting Wine (its first start on this machine takes a while)")
        try:
            subprocess.run([server, "-p"], timeout=TIME_LIMIT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            subprocess.run([wine, "cmd", "/c", "exit"], timeout=TIME_LIMIT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            self.started = True
        except (OSError, subprocess.TimeoutExpired):
            pass
        return self

    def __exit__(self, *exc):
        server = shutil.which("wineserver")
        if self.started and server:
            try:
                subprocess.run([server, "-k"], timeout=30, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except (OSError, subprocess.TimeoutExpired):
                pass
