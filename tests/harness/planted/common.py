"""Correct timestamp programs in Python, built so that each planted bug changes one thing.

Every file next to this one is a program with one mistake (or none, for correct_*.py),
for the harness's tests: the harness must name each mistake with its hint, and must
pass the correct ones. Command line: the contract of SPEC section 2 (--host, --port,
--timeout, --retries)."""

import argparse
import atexit
import os
import signal
import socket
import stat
import sys
import threading
import time


def options():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=21567)
    parser.add_argument("--timeout", type=float, default=2.0)
    parser.add_argument("--retries", type=int, default=2)
    parser.add_argument("--path")
    return parser.parse_args()


def reply_to(data):
    return b"at " + time.ctime().encode() + b" :" + data


def stop_on_sigterm():
    """SIGTERM ends the program with status 0, as the contract asks. On Windows the harness
    sends Ctrl+Break (to the program's process group) instead, and Python's own handling of
    it would end the program with 0xC000013A: a console handler of ours exits with 0. (It
    runs in a thread Windows starts, while the main thread may be blocked in accept().)"""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if sys.platform == "win32":
        import ctypes
        global _on_console_event  # kept: Windows calls it later
        _on_console_event = ctypes.WINFUNCTYPE(ctypes.c_int, ctypes.c_uint)(lambda event: os._exit(0))
        ctypes.windll.kernel32.SetConsoleCtrlHandler(_on_console_event, True)


def crash():
    """A real crash, as a bad pointer makes: a read at address 0 (SIGSEGV on POSIX, an access
    violation on Windows, where os.kill(pid, SIGSEGV) would only end the process with 11)."""
    import ctypes
    ctypes.string_at(0)


def bind(sock, address):
    """bind(), or the contract's error: "cannot bind HOST:PORT: REASON", exit status 1."""
    try:
        sock.bind(address)
    except OSError as error:
        sys.exit("cannot bind {}: {}".format(address if isinstance(address, str) else "{}:{}".format(*address),
                                             error.strerror))


def listening(sock):
    host, port = sock.getsockname()
    print("listening on {}:{}".format(host, port), flush=True)


def tcp_listener(args, backlog=5):
    """A TCP socket listening on --host and --port, its "listening on" line printed."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    bind(server, (args.host, args.port))
    server.listen(backlog)
    listening(server)
    return server


def clear_the_path(path):
    """Lab 05's TODO 2: a live server's socket file is an error ("PATH is in use", exit 1);
    a stale one (nobody answers) is removed; any other file is left alone (bind() fails)."""
    if not os.path.exists(path) or not stat.S_ISSOCK(os.stat(path).st_mode):
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(path)
        except OSError:
            os.unlink(path)
            return
    sys.exit("{} is in use".format(path))


def tcp_server(reply=reply_to, bufsize=1024, serve_client=None, after_client=None, on_sigterm=stop_on_sigterm,
               remove_socket_file=True, clear=clear_the_path):
    """The seed's TcpServer, correct; over AF_UNIX if given --path. serve_client(conn)
    replaces the per-client loop; after_client() runs after each client (a planted bug
    may exit there); clear(path) readies the socket path."""
    args = options()
    on_sigterm()  # before "listening on": from then on, the harness may ask it to stop
    if args.path:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        clear(args.path)
        bind(server, args.path)
        if remove_socket_file:
            atexit.register(lambda: os.path.exists(args.path) and os.unlink(args.path))
        server.listen(5)
        print("listening on " + args.path, flush=True)
    else:
        server = tcp_listener(args)
    while True:
        conn, _ = server.accept()
        with conn:
            if serve_client:
                serve_client(conn)
            else:
                answer_each_message(conn, reply, bufsize)
        if after_client:
            after_client()


def answer_each_message(connection, reply=reply_to, bufsize=1024, send=None):
    """The seed's per-client loop: a reply to each message, until the client leaves.
    send(reply) replaces connection.sendall (a planted bug may send elsewhere)."""
    while True:
        try:
            data = connection.recv(bufsize)
        except ConnectionError:
            return
        if not data:
            return
        try:
            (send or connection.sendall)(reply(data))
        except ConnectionError:
            return


def serve_and_close(connection):
    with connection:
        answer_each_message(connection)


def threaded_server(serve=serve_and_close, accepted=lambda connection: None, after_failed_accept=None):
    """Lab 06's server, correct: a thread per client, which runs serve(connection);
    accepted(connection) runs in the accepting loop first (a planted bug may keep it).
    A failed accept() (out of descriptors) is followed by after_failed_accept(): a pause."""
    stop_on_sigterm()
    server = tcp_listener(options(), backlog=128)
    while True:
        print("waiting for connection...", flush=True)
        try:
            connection, _ = server.accept()
        except OSError:  # EMFILE: the client waits in the queue until a descriptor is free
            (after_failed_accept or (lambda: time.sleep(0.1)))()
            continue
        accepted(connection)
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


def sends_once(sock, data):
    """A mistake: one send(), whatever count of bytes it took (sendall() is right)."""
    sock.send(data)


def line_server(lines_of=None, send=socket.socket.sendall):
    """A correct server for the framed protocol, or, given lines_of(data, pending), one that
    splits what each recv() returned into lines its own (wrong) way; send(sock, data) sends
    a reply."""
    def complete_lines(data, pending):
        *lines, rest = (pending + data).split(b"\n")
        return lines, rest

    def serve(conn):
        pending = b""
        while True:
            try:
                data = conn.recv(4096)
            except ConnectionError:
                return
            if not data:
                return
            lines, pending = (lines_of or complete_lines)(data, pending)
            try:
                for line in lines:
                    if len(line.rstrip(b"\r")) > 64 * 1024:
                        pending = line  # too long: refused below
                        break
                    send(conn, reply_to(line.rstrip(b"\r")) + b"\n")
                if len(pending) > 64 * 1024:
                    conn.sendall(b"error: line too long\n")
                    conn.shutdown(socket.SHUT_WR)  # then read what is left, so no reset eats the error
                    conn.settimeout(1)
                    while conn.recv(4096):
                        pass
                    return
            except OSError:
                return
    tcp_server(serve_client=serve)


def udp_server(reply=reply_to, reply_address=lambda sender: sender, reuse_address=False):
    args = options()
    stop_on_sigterm()
    server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if reuse_address:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    bind(server, (args.host, args.port))
    listening(server)
    while True:
        data, sender = server.recvfrom(8192)
        server.sendto(reply(data), reply_address(sender))


def read_lines():
    """Lines from stdin without their line end; stops at an empty line or the end."""
    for line in sys.stdin.buffer:
        line = line.rstrip(b"\r\n")
        if not line:
            return
        yield line


def tcp_client(line_to_send=lambda line: line, after_input=None, on_server_closed=None, lines=None,
               show=lambda reply: reply, receive=lambda sock: sock.recv(1024)):
    """The seed's TcpClient; lines: what it reads as lines (read_lines(), which stops at an
    empty line, or a planted mistake); show(reply): what it prints of a reply; receive(sock):
    how it reads one."""
    args = options()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.connect((args.host, args.port))
    except OSError as error:
        sys.exit("cannot connect to {}:{}: {}".format(args.host, args.port, error.strerror))
    for line in (lines or read_lines)():
        sock.sendall(line_to_send(line))
        data = receive(sock)
        if not data:
            if on_server_closed:
                on_server_closed()
            sys.exit("connection closed by server")
        sys.stdout.buffer.write(show(data) + b"\n")
        sys.stdout.flush()
    if after_input:
        after_input()
    sock.close()


def line_client(send=socket.socket.sendall):
    """A correct client for the framed protocol: each line typed goes out with its "\\n"
    (by send(sock, data)), and the reply is read until its own "\\n"."""
    args = options()
    try:
        sock = socket.create_connection((args.host, args.port))
    except OSError as error:
        sys.exit("cannot connect to {}:{}: {}".format(args.host, args.port, error.strerror))
    received = b""
    for line in read_lines():
        send(sock, line + b"\n")
        while b"\n" not in received:
            data = sock.recv(4096)
            if not data:
                sys.exit("connection closed by server")
            received += data
        reply, received = received.split(b"\n", 1)
        sys.stdout.buffer.write(reply + b"\n")
        sys.stdout.flush()
    sock.close()


def answers(data, line):
    """Whether a datagram is the reply to `line` (a late reply to an earlier line is not)."""
    return data.endswith(b" :" + line)


def with_sender(reply, sender):
    return reply + " from {}:{}".format(*sender).encode()


def udp_client(bufsize=65536, use_timeout=True, is_reply=answers, show=with_sender):
    args = options()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if use_timeout:
        sock.settimeout(args.timeout)
    unanswered = False
    for line in read_lines():
        for _ in range(args.retries + 1):
            sock.sendto(line, (args.host, args.port))
            try:
                data, sender = sock.recvfrom(bufsize)
                while not is_reply(data, line):  # one for an earlier line, late: not ours
                    data, sender = sock.recvfrom(bufsize)
            except socket.timeout:
                continue
            sys.stdout.buffer.write(show(data, sender) + b"\n")
            sys.stdout.flush()
            break
        else:
            print("no reply from {}:{}".format(args.host, args.port), file=sys.stderr)
            unanswered = True
    sys.exit(1 if unanswered else 0)


def spin_forever():
    """A loop that never ends and never sleeps: what a client that misses an end does."""
    deadline = time.monotonic() + 60  # bounded even so: the harness kills it long before
    while time.monotonic() < deadline:
        pass
