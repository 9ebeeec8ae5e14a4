"""tcp-server/many-clients: many clients at once, each with several messages, every reply
right and in order on its connection. The harness's load client drives them all.
tcp-server/threads-end: a client's thread ends when its client leaves."""

import time

from .. import protocol, wire
from ..errors import CheckSkipped
from . import check, SERVER, SERVER_AND_LOAD, expect

CLIENTS_ONE_AFTER_ANOTHER = 20


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
