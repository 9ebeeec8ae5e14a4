"""tcp-server/many-clients: many clients at once, each with several messages, every reply
right and in order on its connection. The harness's load client drives them all.
tcp-server/threads-end: a client's thread ends when its client leaves.
tcp-server/half-close: a client that shuts down its sending side gets its reply, then the
end of the connection, at once (not when the next client comes).
tcp-server/out-of-descriptors: a server that runs out of file descriptors neither spins
nor stays stuck: it serves again once clients leave.
tcp-server/pipelined: messages sent without waiting for replies are all answered, in order."""

import select
import socket
import threading
import time

from .. import protocol, sandbox, wire
from ..errors import CheckSkipped
from . import check, SERVER, SERVER_AND_LOAD, expect

CLIENTS_ONE_AFTER_ANOTHER = 20
DESCRIPTORS = 64   # the server's limit of open files in out-of-descriptors
CROWD = 100        # the clients that connect at once there: more than it can hold
WATCHED = 0.5      # seconds the harness watches the server out of descriptors
PIPELINED = 8 << 20  # bytes sent in tcp-server/pipelined, as fast as the server takes them
SMALL_BUFFER = 8192  # the harness's receive buffer there
READ_LATE = 0.1      # seconds before it reads a reply
PIECE = 1 << 16      # bytes the harness sends at a time there


@check("tcp-server/many-clients", 10,
       "50 clients at once, 5 messages each: every reply right, in order, none later than 1 s", needs=SERVER_AND_LOAD)
def many_clients(ctx):
    server = ctx.start_server("tcp")
    expect.load_served(ctx, expect.run_load(ctx, server, connections=50, messages=5), slowest_allowed=1.0)


@check("tcp-server/threads-end", 5,
       "a client's thread ends when its client leaves: 19 clients come and go, one after another, and the server "
       "runs no more threads than before them", needs=SERVER)
def threads_end(ctx):
    if ctx.subject.under_wine:
        raise CheckSkipped("under Wine, Wine's own threads come and go: their count says nothing of the program's")
    server = ctx.start_server("tcp")
    expect.exchange(ctx, ctx.connect(server, " as client 1"), b"hello", server)  # (it stays connected)
    before = _threads(server.program.pid)  # counted now, client 1's thread among them
    if before is None:
        raise CheckSkipped("the harness counts a program's threads through /proc: Linux only")
    for number in range(2, CLIENTS_ONE_AFTER_ANOTHER + 1):
        with wire.Connection(server.address, lambda *told: None, ctx.timing.reply) as client:
            message = "client {}".format(number).encode()
            client.send(message)
            reply, _ = client.receive(protocol.reply_length(message), ctx.timing.reply, ctx.timing.quiet)
            expect.right_reply(ctx, reply, message, server=server)
    ctx.step("{} more clients came one after another, each sent a message, got its reply, and left".format(
        CLIENTS_ONE_AFTER_ANOTHER - 1))
    deadline = time.monotonic() + ctx.timing.reply
    after = _threads(server.program.pid)
    while after is not None and after > before and time.monotonic() < deadline:  # bounded: 2 s
        time.sleep(0.02)
        after = _threads(server.program.pid)
    ctx.step("the server ran {} threads with client 1 connected, {} once the others had left".format(before, after))
    ctx.expect(after is not None and after <= before,
               "at most {} threads once the other clients left, as many as before them".format(before),
               "threads-never-end")


def _threads(pid):
    """How many threads the process `pid` runs (Linux, from /proc; None elsewhere)."""
    return (sandbox.process_status(pid) or {}).get("Threads")


@check("tcp-server/half-close", 5,
       "a client that sends a message, then shuts down its sending side, gets the reply and then the end of the "
       "connection, with no other client coming", needs=SERVER)
def half_close(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    # A moment for the server to be back in accept() first: a server that ends a connection
    # only at its next accept() (or after it) must not be saved by a slow accept loop.
    time.sleep(ctx.timing.glance)
    message = b"last words"
    connection.send(message)
    connection.shut_down_sending()
    reply, closed = connection.receive(protocol.reply_length(message), ctx.timing.reply, ctx.timing.quiet)
    expect.right_reply(ctx, reply, message, closed, server)
    ctx.expect(closed or connection.wait_for_close(ctx.timing.ends),
               "the server to end the connection within {:g} s of the client's half-close".format(ctx.timing.ends),
               "half-close-kept")


@check("tcp-server/out-of-descriptors", 5,
       "out of file descriptors (a limit of {}, {} clients at once) it neither spins nor floods its log, and once "
       "they leave it serves a new client within 1 s".format(DESCRIPTORS, CROWD), needs=SERVER)
def out_of_descriptors(ctx):
    if ctx.subject.under_wine:
        raise CheckSkipped("under Wine a program's sockets are not its file descriptors: no limit to reach")
    server = ctx.start_server("tcp", open_files=DESCRIPTORS)
    crowd = _crowd(ctx, server)
    try:
        cpu_before, printed_before = server.program.cpu_seconds(), len(server.program.stdout.data())
        time.sleep(WATCHED)
        served = sum(1 for sock in crowd if select.select([sock], [], [], 0)[0])
        busy = _cpu_share(server.program, cpu_before, WATCHED)
        printed = len(server.program.stdout.data()) - printed_before
        ctx.step("{} of the {} clients got a reply: the others wait in the listen queue, the server out of "
                 "descriptors; over {:g} s it used {:.0%} of a CPU and printed {} bytes".format(
                     served, CROWD, WATCHED, busy, printed))
    finally:
        for sock in crowd:
            sock.close()
    ctx.step("the {} clients closed their connections".format(CROWD))
    spun = "no spinning while out of descriptors: at most a quarter of a CPU and 256 KiB of output in {:g} s".format(
        WATCHED)
    spins = busy > 0.25 or printed > 256 << 10
    connection = ctx.connect(server, " as a new client")
    reply, _ = expect.send_and_receive(ctx, connection, b"anyone there?")
    if not reply:
        ctx.fail("a reply to a new client once the others had left{}".format(
            "; and " + spun + " (after a failed accept(), wait a little before the next)" if spins else ""),
            "descriptors-kept")
    expect.right_reply(ctx, reply, b"anyone there?", server=server)
    if spins:
        cpu_before = server.program.cpu_seconds()
        time.sleep(WATCHED)
        idle = _cpu_share(server.program, cpu_before, WATCHED)
        ctx.step("with that one client connected and silent, it used {:.0%} of a CPU over {:g} s".format(
            idle, WATCHED))
        if idle > 0.25:
            ctx.fail(spun + ", and none while idle either: it spins with one silent client too", "spins-when-idle")
    ctx.expect(not spins, spun, "accept-spins")


def _crowd(ctx, server):
    """CROWD connections to `server`, each with a message sent on it."""
    crowd = []
    try:
        for number in range(1, CROWD + 1):
            sock = socket.create_connection(server.address, timeout=ctx.timing.reply)
            crowd.append(sock)
            sock.sendall("client {}".format(number).encode())
    except OSError as error:
        for sock in crowd:
            sock.close()
        ctx.fail("{} connections at once, with a message on each; connection {} failed: {}".format(
            CROWD, len(crowd) + 1, error.strerror or error), "not-accepting")
    ctx.step("{} clients connected at once and each sent a message".format(CROWD))
    return crowd


def _cpu_share(program, before, seconds):
    after = program.cpu_seconds()
    return 0.0 if before is None or after is None else (after - before) / seconds


@check("tcp-server/pipelined", 5,
       "8 MiB sent on one connection without waiting for replies, while the replies are read: together they "
       "carry every byte, in order", needs=SERVER)
def pipelined(ctx):
    server = ctx.start_server("tcp")
    # A small receive buffer, read late: the server's writes find no room and wait, while
    # its next messages are there to read. A server that starts a write before the last one
    # is done, or reuses its buffer meanwhile, then mixes its replies.
    sock, numbers, sender = flood(ctx, server, PIPELINED)
    ctx.step("connected with a receive buffer of {} bytes; sending {} bytes of numbers (\"0000000,0000001,...\") "
             "as fast as the server takes them, and reading its replies from {:g} s on".format(
                 SMALL_BUFFER, len(numbers), READ_LATE))
    time.sleep(READ_LATE)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)  # then the replies may come fast
    answered, before, same, _ = read_replies(ctx, sock, numbers, sender)
    if before or same < len(answered):
        ctx.fail("the replies to carry the bytes sent, in order; they did for {} bytes, then came {}".format(
            same, wire.show((before or answered[same:])[:60])), "replies-overlap")
    expect_every_reply(ctx, sock, numbers, answered, sender)


def expect_every_reply(ctx, sock, numbers, answered, sender):
    """Fails if the replies on `sock` carried less than all of `numbers` (sent by `sender`):
    with the hint that they were dropped if the server still answers a message on it, else
    that they stalled."""
    if len(answered) == len(numbers):
        return
    expectation = "replies carrying all {} bytes; they stopped after {}".format(len(numbers), len(answered))
    if sender.sent < len(numbers):
        ctx.fail("{}, and the server stopped taking the bytes sent: {} of {} went, then it took none for {:g} "
                 "s".format(expectation, sender.sent, len(numbers), ctx.timing.reply), "pipelined-stalled")
    try:
        sock.sendall(b"still there?")
        sock.settimeout(ctx.timing.reply)
        late = sock.recv(1 << 16)
    except OSError:
        late = b""
    ctx.step("sent \"still there?\" on the same connection: {}".format(
        "received " + wire.show(late[-60:]) if late else "no reply"))
    if late.endswith(b" :still there?"):
        ctx.fail(expectation + ", yet it answers a new message: the replies in between were dropped",
                 "partial-write-lost")
    ctx.fail(expectation, "pipelined-stalled")


def flood(ctx, server, size, then_shut_down=False):
    """A connection to `server` with a receive buffer of SMALL_BUFFER bytes, on which a thread
    sends `size` bytes of numbers ("0000000,0000001,...": no two pieces alike) as fast as the
    server takes them, then (if asked) shuts down its sending side. (socket, numbers, thread)."""
    sock = ctx.hold(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, SMALL_BUFFER)
    sock.settimeout(ctx.timing.reply)
    try:
        sock.connect(server.address)
    except OSError as error:
        ctx.fail("a connection to {}; {}".format(wire.address_text(server.address), error.strerror or error),
                 "not-accepting")
    numbers = b"".join(b"%07d," % number for number in range(size // 8))
    sender = Sender(sock, numbers, then_shut_down)
    sender.start()
    return sock, numbers, sender


def read_replies(ctx, sock, numbers, sender):
    """Reads the replies to `numbers` (sent on `sock` by the thread `sender`) until the last
    number is answered, or they stop. Returns (the data they carry, what came before the
    first reply, how many bytes of the data are the start of `numbers`, whether the server
    closed the connection)."""
    stream, deadline, closed = bytearray(), time.monotonic() + 5 * ctx.timing.reply, False
    while not stream.endswith(numbers[-8:]) and time.monotonic() < deadline:  # (the last number answered)
        readable, _, _ = select.select([sock], [], [], ctx.timing.reply)  # bounded: 10 s in all
        if not readable and not sender.is_alive():
            break  # all sent, and the replies have stopped
        try:
            chunk = sock.recv(1 << 16) if readable else b""
        except OSError:
            chunk = b""
        if readable and not chunk:
            closed = True
            break
        stream += chunk
    sender.join(1)
    answered, before = protocol.payloads(bytes(stream))
    ctx.step("received {} bytes of replies, carrying {} bytes of data".format(len(stream), len(answered)))
    return answered, before, _common_start(answered, numbers), closed


def _common_start(one, other):
    """How many bytes `one` and `other` have in common at their start (a binary search:
    bytes compare fast, a loop over 8 MiB in Python would not)."""
    same, different = 0, min(len(one), len(other)) + 1  # one[:same] == other[:same]; not so at `different`
    while different - same > 1:
        middle = (same + different) // 2
        same, different = (middle, different) if one[:middle] == other[:middle] else (same, middle)
    return same


class Sender(threading.Thread):
    """Sends `data` on `sock` as fast as the server takes it, and then (if asked) shuts down
    the sending side: a half-close. A piece at a time, each within the socket's time limit:
    a slow server is not a stalled one (sendall's limit would be for all of it). `sent`
    counts the bytes that went."""

    def __init__(self, sock, data, then_shut_down=False):
        super().__init__(daemon=True)
        self.sock, self.data, self.then_shut_down, self.sent = sock, data, then_shut_down, 0

    def run(self):
        try:
            while self.sent < len(self.data):
                self.sent += self.sock.send(self.data[self.sent:self.sent + PIECE])
            if self.then_shut_down:
                self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # it took nothing for a reply's time, or closed or reset the connection: the replies tell
