"""tcp-server/many-clients: many clients at once, each with several messages, every reply
right and in order on its connection. The harness's load client drives them all.
tcp-server/threads-end: a client's thread ends when its client leaves.
tcp-server/half-close: a client that shuts down its sending side gets its reply, then the
end of the connection, at once (not when the next client comes).
tcp-server/out-of-descriptors: a server that runs out of file descriptors neither spins
nor stays stuck: it serves again once clients leave."""

import select
import socket
import time

from .. import protocol, wire
from ..errors import CheckSkipped
from . import check, SERVER, SERVER_AND_LOAD, expect

CLIENTS_ONE_AFTER_ANOTHER = 20
DESCRIPTORS = 64   # the server's limit of open files in out-of-descriptors
CROWD = 100        # the clients that connect at once there: more than it can hold
WATCHED = 1.0      # seconds the harness watches the server out of descriptors


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
        with wire.Connection(server.address, lambda text: None, ctx.timing.reply) as client:
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
    try:
        with open("/proc/{}/status".format(pid)) as status:
            return next(int(line.split()[1]) for line in status if line.startswith("Threads:"))
    except (OSError, StopIteration, ValueError):
        return None


@check("tcp-server/half-close", 5,
       "a client that sends a message, then shuts down its sending side, gets the reply and then the end of the "
       "connection, with no other client coming", needs=SERVER)
def half_close(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    message = b"last words"
    connection.send(message)
    connection.shut_down_sending()
    reply, closed = connection.receive(protocol.reply_length(message), ctx.timing.reply, ctx.timing.quiet)
    expect.right_reply(ctx, reply, message, closed, server)
    ctx.expect(closed or connection.wait_for_close(ctx.timing.reply),
               "the server to end the connection within {:g} s of the client's half-close".format(ctx.timing.reply),
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
