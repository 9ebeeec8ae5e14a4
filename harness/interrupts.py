"""Ctrl+C and SIGTERM: they raise KeyboardInterrupt in the main thread, between two steps of
its code, except while it starts a program (process.py holds them back then)."""

import contextlib
import os
import signal
import threading

IS_WINDOWS = os.name == "nt"


class _Interrupts:
    """Ctrl+C and SIGTERM raise KeyboardInterrupt in the main thread, between any two steps
    of its code. While the main thread starts a program, one is held back until the program
    is registered: landing between the fork and the registration, it would leave the
    program running, unknown to kill_all()."""

    def __init__(self):
        self.holding = 0
        self.held = False
        self.ignoring = False

    def on_signal(self, signum, frame):
        if self.ignoring:
            return
        if self.holding:
            self.held = True
            return
        raise KeyboardInterrupt()

    @contextlib.contextmanager
    def held_back(self):
        if threading.current_thread() is not threading.main_thread():
            yield  # signals reach the main thread only
            return
        self.holding += 1
        try:
            yield
        finally:
            self.holding -= 1
            if not self.holding and self.held:
                self.held = False
                raise KeyboardInterrupt()

    @contextlib.contextmanager
    def ignored(self):
        """While the harness stops everything after an interrupt: a second Ctrl+C (a user
        pressing it twice) must not cut the stopping short, nor end in a traceback."""
        ignoring, self.ignoring = self.ignoring, True
        try:
            yield
        finally:
            self.ignoring = ignoring


interrupts = _Interrupts()


def install_interrupt_handling():
    """Ctrl+C, and on POSIX SIGTERM, raise KeyboardInterrupt in the main thread, except
    while it starts a program (see _Interrupts). A Ctrl+C ignored from the start (a
    background job of a script) stays ignored."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, interrupts.on_signal)
    if not IS_WINDOWS:
        signal.signal(signal.SIGTERM, interrupts.on_signal)
