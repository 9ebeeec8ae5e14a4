"""Talking to a program over loopback: TCP connections, UDP sockets, and bytes shown
so that a person can read them (CR, LF, NUL and bytes that are not UTF-8 made visible)."""

import os
import socket
import struct
import tempfile
import time

from .results import RECEIVED, SENT, SIGNAL_FROM, SIGNAL_TO

LOOPBACK = "127.0.0.1"
RECEIVE_CHUNK = 65536


def show(data, limit=160):
    """Bytes as a quoted string a person can read: printable UTF-8 as it is, the rest
    escaped ("\\r", "\\n", "\\0", "\\xff"); long data is cut in the middle, with its length."""
    if data is None:
        return "nothing"
    if len(data) <= limit:
        return '"' + _escape(data) + '"'
    head = data[:_character_start(data, limit * 2 // 3)]
    tail = data[_character_start(data, len(data) - limit // 4):]
    return '"' + _escape(head) + "... ({} bytes in all) ...".format(len(data)) + _escape(tail) + '"'


def _character_start(data, index):
    """`index`, moved back (3 bytes at most) to the start of a UTF-8 character."""
    for _ in range(3):
        if 0 < index < len(data) and data[index] & 0xC0 == 0x80:
            index -= 1
    return index


def _escape(data):
    out = []
    text = data.decode("utf-8", "surrogateescape")
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8
            out.append("\\x{:02x}".format(code - 0xDC00))
        elif char == "\n":
            out.append("\\n")
        elif char == "\r":
            out.append("\\r")
        elif char == "\t":
            out.append("\\t")
        elif char == "\0":
            out.append("\\0")
        elif char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append("\\x{:02x}".format(code))
        else:
            out.append(char)
    return "".join(out)


def count(data):
    return "1 byte" if len(data) == 1 else "{} bytes".format(len(data))


def address_text(address):
    """"HOST:PORT" ("[::1]:PORT" for IPv6), or the path of an AF_UNIX socket."""
    if isinstance(address, str):  # (socket.AF_UNIX itself is not in every Python on Windows)
        return address
    return ("[{}]:{}" if family(address) == socket.AF_INET6 else "{}:{}").format(*address[:2])


def family(address):
    """The address family of `address`: AF_UNIX for a path, AF_INET6 for an IPv6 host, else AF_INET."""
    if isinstance(address, str):
        return socket.AF_UNIX
    return socket.AF_INET6 if ":" in address[0] else socket.AF_INET


def stream_socket(address):
    """A new stream socket of the family `address` needs."""
    return socket.socket(family(address), socket.SOCK_STREAM)


def bind(sock, address):
    """Binds the harness's own socket. An AF_UNIX socket file is made connectable by anyone:
    its folder is private to the program under test, which may run as another user
    (Gradescope), and connect() needs write permission on the file."""
    sock.bind(address)
    if isinstance(address, str):
        os.chmod(address, 0o666)


class _OwnSocket:
    """Something that holds a socket of the harness, closed at the end of a `with`."""

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def answers_probe(kind, address):
    """Whether a server answers on `address` now: "tcp", it accepts a connection (closed at
    once); "udp", it answers a datagram, "probe". Takes 0.2 s at most (and 0.05 s at least
    when it does not answer over TCP)."""
    if kind == "tcp":
        try:
            socket.create_connection(address, timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.05)
            return False
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind((LOOPBACK, 0))
        probe.settimeout(0.2)
        try:
            probe.sendto(b"probe", address)
            probe.recvfrom(RECEIVE_CHUNK)
            return True
        except OSError:
            return False


class Connection(_OwnSocket):
    """A TCP connection from the harness to a program; it records what it sends and gets."""

    def __init__(self, address, record, timeout):
        """address: (host, port) for TCP, or the path of an AF_UNIX socket."""
        self.address = address
        self._record = record
        self.sent = []  # what the harness sent on it, in order
        self.sock = stream_socket(address)
        try:
            self.sock.settimeout(timeout)
            self.sock.connect(address)
        except OSError:
            self.sock.close()
            raise
        if not isinstance(address, str):
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, data, note=""):
        """Sends `data`; a program that has closed or reset the connection is told in the
        story (what it means is the check's to say, from what comes back: nothing)."""
        self._record("sent {} ({}){}".format(show(data), count(data), note), SENT, data)
        self.sent.append(data)
        try:
            self.sock.sendall(data)
        except ConnectionError:
            self._record_gone()

    def receive(self, expected_length, timeout, quiet=0.3):
        """Reads until `expected_length` bytes have come, the peer closes, `timeout` seconds
        pass, or, once something has come, nothing more comes for `quiet` seconds.
        Returns (data, closed): closed is True if the peer closed the connection."""
        data, closed = b"", False
        deadline = time.monotonic() + timeout
        while len(data) < expected_length:
            wait = deadline - time.monotonic()
            if data:
                wait = min(wait, quiet)
            if wait <= 0:
                break
            self.sock.settimeout(wait)
            try:
                chunk = self.sock.recv(RECEIVE_CHUNK)
            except socket.timeout:
                break
            except ConnectionError:
                closed = True
                break
            if not chunk:
                closed = True
                break
            data += chunk
        self._record_received(data, closed)
        return data, closed

    def wait_for_close(self, timeout):
        """True if the peer closes (or resets) the connection within `timeout` seconds;
        data that comes first is read and recorded."""
        data, closed = self.receive(1 << 30, timeout, quiet=timeout)
        return closed

    def _record_received(self, data, closed):
        if data:
            self._record("received {} ({})".format(show(data), count(data)), RECEIVED, data)
        if closed:
            self._record("the connection was closed by the program", SIGNAL_FROM)
        elif not data:
            self._record("received nothing")

    def shut_down_sending(self):
        """Half-closes the connection: the program reads an end, and can still reply."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:  # (ENOTCONN: reset already)
            self._record_gone()
            return
        self._record("shut down its sending side (the program reads an end of stream)", SIGNAL_TO)

    def _record_gone(self):
        self._record("the connection was reset by the program", SIGNAL_FROM)

    def abort(self):
        """Closes with a reset (RST) instead of the usual FIN, as a crashed client would."""
        linger = struct.pack("HH" if os.name == "nt" else "ii", 1, 0)  # on, 0 seconds
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        except OSError:
            pass  # AF_UNIX: no RST there, but unread data still makes the peer see a reset
        self.sock.close()
        self._record("reset the connection (RST), as a crashed client does", SIGNAL_TO)


class Datagrams(_OwnSocket):
    """A UDP socket of the harness, bound on loopback; it records what it sends and gets."""

    def __init__(self, record, name="the harness"):
        self._record = record
        self.name = name
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((LOOPBACK, 0))
        self.address = self.sock.getsockname()

    def send(self, data, to):
        self._record("{} sent a datagram {} ({}) to {}".format(self.name, show(data), count(data), address_text(to)),
                     SENT, data)
        self.sock.sendto(data, to)

    def receive(self, timeout):
        """(data, sender) of the next datagram, or (None, None) after `timeout` seconds."""
        self.sock.settimeout(max(timeout, 0.001))
        try:
            data, sender = self.sock.recvfrom(RECEIVE_CHUNK)
        except socket.timeout:
            return None, None
        except ConnectionError:  # Windows: the ICMP "port unreachable" of an earlier datagram
            return None, None
        self._record("{} received a datagram {} ({}) from {}".format(self.name, show(data), count(data),
                                                                     address_text(sender)), RECEIVED, data)
        return data, sender


def port_is_free(port, kind=socket.SOCK_STREAM, reuse=True):
    """True if no program holds `port` on loopback now (a bind to it succeeds). With
    `reuse`, a TCP connection in TIME_WAIT there does not count (SO_REUSEADDR binds)."""
    probe = socket.socket(socket.AF_INET, kind)
    if reuse and kind == socket.SOCK_STREAM and os.name != "nt":
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind((LOOPBACK, port))
        return True
    except OSError:
        return False
    finally:
        probe.close()


def short_socket_folder():
    """A new private folder for AF_UNIX socket files, with a short path (a socket path has
    a limit near 100 bytes, and the system's temporary folder may be deep, as on macOS)."""
    base = "/tmp" if os.path.isdir("/tmp") else None
    return tempfile.mkdtemp(prefix="labs-", dir=base)
