"""What flows between the harness and a program under test: its output, read by a thread
per stream and kept up to a cap; its input, written by a thread of its own (a program that
does not read cannot block the harness)."""

import os
import queue
import threading
import time

OUTPUT_CAP = 1 << 20  # bytes kept of each of stdout and stderr


class Output:
    """What a program writes to one pipe, read by a thread of its own."""

    def __init__(self, pipe):
        self._data = bytearray()
        self.truncated = False
        self.closed = False
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._drain, args=(pipe,), daemon=True)
        self._thread.start()

    def _drain(self, pipe):
        try:
            while True:
                chunk = os.read(pipe.fileno(), 65536)
                if not chunk:
                    break
                with self._changed:
                    room = OUTPUT_CAP - len(self._data)
                    self._data += chunk[: max(room, 0)]
                    self.truncated = self.truncated or len(chunk) > room
                    self._changed.notify_all()
        except (OSError, ValueError):
            pass
        finally:
            with self._changed:
                self.closed = True
                self._changed.notify_all()
            pipe.close()

    def data(self):
        with self._changed:
            return bytes(self._data)

    def text(self):
        """The output as text, Windows line ends made plain."""
        return self.data().decode("utf-8", "replace").replace("\r\n", "\n")

    def wait_until(self, found, deadline, give_up=lambda: False):
        """Waits until found(data) is truthy and returns it; or returns the last falsy
        value once the stream closes, the deadline passes, or give_up() is true."""
        with self._changed:
            while True:
                result = found(bytes(self._data))
                if result or self.closed or give_up():
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return result
                self._changed.wait(min(remaining, 0.05))

    def join(self, timeout):
        self._thread.join(timeout)


class StdinWriter:
    """Writes queued bytes to a program's stdin from a thread of its own; None closes it."""

    def __init__(self, pipe):
        self._pipe = pipe
        self._queue = queue.Queue()
        threading.Thread(target=self._run, daemon=True).start()

    def write(self, data):
        if data:
            self._queue.put(bytes(data))

    def close(self):
        self._queue.put(None)

    def abandon(self):
        """The program is gone: close the pipe now, which also ends a write blocked on it."""
        self._queue.put(None)
        try:
            self._pipe.close()
        except (OSError, ValueError):
            pass

    def _run(self):
        try:
            while True:
                data = self._queue.get()
                if data is None:
                    break
                self._pipe.write(data)
                self._pipe.flush()
        except (OSError, ValueError):
            pass
        try:
            self._pipe.close()
        except (OSError, ValueError):
            pass
