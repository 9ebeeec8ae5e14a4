"""The harness's own servers, for grading a client: correct timestamp servers that record
everything they receive and can misbehave on purpose (close early, drop a datagram).
Each runs in a thread that wakes at least every 50 ms and ends when closed."""

import os
import select
import socket
import threading
import time

from . import protocol, wire
from .results import RECEIVED, SENT, SIGNAL_FROM, SIGNAL_TO

POLL = 0.05
LATE_GAP = 0.05  # between a late reply and the next one: the late one surely comes first


class _Recorder:
    """What a fake server received, with a condition to wait on."""

    def __init__(self):
        self.changed = threading.Condition()

    def wait_until(self, found, timeout, client=None):
        """Waits until found() is true, for `timeout` seconds at most; if `client` (the
        program under test) exits, for a moment longer only (what it sent last may still
        be on its way)."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while not found():
                now = time.monotonic()
                if client is not None and client.exited():
                    deadline = min(deadline, now + 4 * POLL)
                    client = None
                if now >= deadline:
                    return False
                self.changed.wait(min(deadline - now, POLL))
            return True


class FakeTcpServer(_Recorder):
    """Serves one stream connection at a time, on `address`: (host, port) for TCP, or the
    path of an AF_UNIX socket. lines=True: messages are lines, each answered with a line.
    close_after=N: after the Nth message, close the connection without replying to it.
    reply_in_pieces=True: send each reply in three pieces, 0.1 s apart."""

    def __init__(self, record, address, close_after=None, lines=False, reply_in_pieces=False):
        super().__init__()
        self._record = record
        self._close_after = close_after
        self._lines = lines
        self._reply_in_pieces = reply_in_pieces
        self.connections = []   # per connection: the list of messages (bytes) received
        self.closed_by_client = []  # per connection: True once the client closed it
        self._pending = b""  # lines=True: the start of a line received, whose "\n" has not come
        self._listener = wire.stream_socket(address)
        if not isinstance(address, str):
            self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        wire.bind(self._listener, address)
        self._listener.listen(8)
        self.address = address if isinstance(address, str) else self._listener.getsockname()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        record("the harness listens on {} as the server".format(wire.address_text(self.address)))

    def _serve(self):
        while not self._stopping.is_set():
            readable, _, _ = select.select([self._listener], [], [], POLL)
            if not readable:
                continue
            try:
                connection, peer = self._listener.accept()
            except OSError:
                continue
            with connection:
                self._serve_connection(connection, peer)

    def _serve_connection(self, connection, peer):
        with self.changed:
            self.connections.append([])
            self.closed_by_client.append(False)
            index = len(self.connections) - 1
            self.changed.notify_all()
        self._record("the client connected" + ("" if isinstance(peer, str) else " from " + wire.address_text(peer)),
                     SIGNAL_FROM)
        pending = b""
        while not self._stopping.is_set():
            readable, _, _ = select.select([connection], [], [], POLL)
            if not readable:
                continue
            try:
                data = connection.recv(wire.RECEIVE_CHUNK)
            except OSError:
                data = b""
            if not data:
                self._record("the client closed the connection", SIGNAL_FROM)
                with self.changed:
                    self.closed_by_client[index] = True
                    self.changed.notify_all()
                return
            self._record("the harness received {} ({})".format(wire.show(data), wire.count(data)), RECEIVED, data)
            if self._lines:  # a message is a line: answer each complete one
                pending += data
                messages = []
                while b"\n" in pending:
                    line, pending = pending.split(b"\n", 1)
                    messages.append(line + b"\n")
                self._pending = pending
            else:
                messages = [data]
            for message in messages:
                if not self._answer(connection, index, message):
                    return

    def _answer(self, connection, index, message):
        """Records `message` and replies to it; False once the connection is to end."""
        with self.changed:
            self.connections[index].append(message)
            self.changed.notify_all()
        if self._close_after is not None and len(self.connections[index]) >= self._close_after:
            self._record("the harness closed the connection without replying, as a server may", SIGNAL_TO)
            return False
        reply = protocol.reply_to(message[:-1]) + b"\n" if self._lines else protocol.reply_to(message)
        pieces = [reply[:10], reply[10:20], reply[20:]] if self._reply_in_pieces else [reply]
        in_pieces = " in 3 pieces, 0.1 s apart" if self._reply_in_pieces else ""
        self._record("the harness replied {}{}".format(wire.show(reply), in_pieces), SENT, reply)
        try:
            for number, piece in enumerate(pieces):
                if number:
                    time.sleep(0.1)
                connection.sendall(piece)
        except OSError:
            return False
        return True

    def messages(self):
        with self.changed:
            return [message for connection in self.connections for message in connection]

    def wait_for_connection(self, timeout, client=None):
        return self.wait_until(lambda: self.connections, timeout, client)

    def wait_for_messages(self, count, timeout, client=None):
        self.wait_until(lambda: sum(map(len, self.connections)) >= count, timeout, client)
        return self.messages()

    def unfinished(self):
        """lines=True: what came of a line whose "\n" has not come (b"" if nothing)."""
        return self._pending

    def wait_for_client_close(self, timeout):
        return self.wait_until(lambda: self.closed_by_client and self.closed_by_client[-1], timeout)

    def close(self):
        self._stopping.set()
        self._thread.join(2)
        self._listener.close()
        if isinstance(self.address, str):
            try:
                os.unlink(self.address)
            except OSError:
                pass


class FakeUdpServer(_Recorder):
    """Answers each datagram to its sender. drop_first=N: ignore the first N datagrams;
    silent=True: answer nothing; late_first=True: hold the reply to the first datagram
    until a datagram with other data comes (the client resent the first, got its answer,
    and moved on to its next line), then send it, late, and the reply to that datagram
    a moment after: as a network that delays a datagram delivers it."""

    def __init__(self, record, address, drop_first=0, silent=False, late_first=False):
        super().__init__()
        self._record = record
        self._drop_first = drop_first
        self.drops = drop_first > 0 or silent  # it drops datagrams on purpose
        self._silent = silent
        self._late_first = late_first
        self._held = None  # (the late reply, to whom, what it answers) while it is held
        self.datagrams = []  # (data, sender) of each datagram received
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(address)
        self.address = self._sock.getsockname()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        record("the harness listens on {} as the {}server".format(
            wire.address_text(self.address), "(silent) " if silent else ""))

    def _serve(self):
        while not self._stopping.is_set():
            readable, _, _ = select.select([self._sock], [], [], POLL)
            if not readable:
                continue
            try:
                data, sender = self._sock.recvfrom(wire.RECEIVE_CHUNK)
            except OSError:
                continue
            with self.changed:
                self.datagrams.append((data, sender))
                number = len(self.datagrams)
                self.changed.notify_all()
            self._record("the harness received datagram {} {} ({}) from {}".format(
                number, wire.show(data), wire.count(data), wire.address_text(sender)), RECEIVED, data)
            if self._silent:
                continue
            if number <= self._drop_first:
                self._record("the harness dropped it, as a network may")
                continue
            reply = protocol.reply_to(data)
            if self._late_first and number == 1:
                self._held = (reply, sender, data)
                self._record("the harness holds its reply back, as a slow network may delay it")
                continue
            if self._held and data != self._held[2]:
                late, to, _ = self._held
                self._held = None
                self._send(late, to, "sent the late reply to datagram 1, now:")
                time.sleep(LATE_GAP)
            self._send(reply, sender)

    def _send(self, reply, to, what="replied"):
        self._record("the harness {} {} ({})".format(what, wire.show(reply), wire.count(reply)), SENT, reply)
        try:
            self._sock.sendto(reply, to)
        except OSError:
            pass

    def wait_for_datagrams(self, count, timeout, client=None):
        self.wait_until(lambda: len(self.datagrams) >= count, timeout, client)
        with self.changed:
            return list(self.datagrams)

    def close(self):
        self._stopping.set()
        self._thread.join(2)
        self._sock.close()
