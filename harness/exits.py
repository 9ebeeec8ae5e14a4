"""How a program ended, in words: its exit status, a POSIX signal that killed it, or the
NTSTATUS with which Windows ends a program that crashed; and whether that was a crash."""

import signal

# Windows ends a program that crashed, or that Ctrl+C or Ctrl+Break stopped, with an NTSTATUS
# for its exit status: what each means, and whether it is a crash.
NTSTATUS = {0xC0000005: ("an access violation", True), 0xC00000FD: ("a stack overflow", True),
            0xC0000409: ("a fast fail: abort(), or a failed check of the C++ library", True),
            0xC0000094: ("an integer division by zero", True), 0xC000001D: ("an illegal instruction", True),
            0xC000013A: ("Ctrl+C or Ctrl+Break, not handled", False)}


def is_crash(status):
    """Whether a program that ended with `status` crashed (a POSIX signal or an NTSTATUS)."""
    if status is not None and status < 0:
        return -status in (signal.SIGSEGV, signal.SIGABRT, signal.SIGFPE, signal.SIGILL, getattr(signal, "SIGBUS", 0))
    return NTSTATUS.get(status, (None, False))[1]


def describe_status(status):
    if status is None:
        return "is still running"
    if status in NTSTATUS:
        meaning, crash = NTSTATUS[status]
        return "ended with status 0x{:08X}: {}{}".format(status, meaning, " (a crash)" if crash else "")
    if status >= 0:
        return "exited with status {}".format(status)
    try:
        name = signal.Signals(-status).name
    except ValueError:
        name = "signal {}".format(-status)
    crash = {"SIGSEGV": " (a crash: invalid memory access)", "SIGABRT": " (abort(), often a failed assert)",
             "SIGBUS": " (a crash)", "SIGFPE": " (a crash: arithmetic error)"}.get(name, "")
    return "was killed by {}{}".format(name, crash)
