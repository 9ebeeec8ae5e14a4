"""poll-server/: one thread for many clients, with poll() (lab 11). What a thread per
client hides, a single thread must get right itself:
poll-server/slow-reader: a client that does not read its replies blocks nobody else;
poll-server/short-writes: what send() did not take is sent later, not dropped;
poll-server/idle-cpu: with nothing to do, it sleeps in poll() instead of spinning."""

import socket
import time

from .. import protocol, wire
from ..errors import CheckSkipped
from . import check, SERVER, SHORT_IO, expect
from .threaded import SMALL_BUFFER, expect_every_reply, flood, read_replies

SLOW_SENDS = 4 << 20   # bytes the slow reader sends, without reading
STALLED = 0.3          # seconds it sends before the other client comes
WRITES = 20            # messages in poll-server/short-writes
WRITE_SIZE = 1000      # bytes each (with the reply's 29, more than one short send)
IDLE_CLIENTS = 20
IDLE_FOR = 1.0         # seconds the harness watches the idle server
BUSY = 0.1             # of a CPU: more is spinning


@check("poll-server/slow-reader", 10,
       "a client that sends 4 MiB without reading its replies blocks nobody: another client gets its reply within "
       "the reply time, and the slow one, reading at last, gets every byte, in order, though it shut down its "
       "sending side once all was sent", needs=SERVER)
def slow_reader(ctx):
    server = ctx.start_server("tcp")
    slow, numbers, sender = flood(ctx, server, SLOW_SENDS, then_shut_down=True)
    ctx.step("a slow client connected with a receive buffer of {} bytes and sends {} bytes of numbers, reading "
             "nothing (once all is sent, it shuts down its sending side)".format(SMALL_BUFFER, len(numbers)))
    time.sleep(STALLED)
    other = ctx.connect(server, " as another client, {:g} s later".format(STALLED))
    reply, _ = expect.send_and_receive(ctx, other, b"am I served?")
    if not reply:
        ctx.fail("a reply to the other client while the slow one does not read", "blocked-by-slow-reader")
    expect.right_reply(ctx, reply, b"am I served?", server=server)
    slow.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 22)
    ctx.step("the slow client now reads its replies")
    answered, before, same, closed = read_replies(ctx, slow, numbers, sender)
    if before or same < len(answered):
        ctx.fail("the slow client's replies to carry the bytes it sent, in order; they did for {} bytes, then came "
                 "{}".format(same, wire.show((before or answered[same:])[:60])), "partial-write-lost")
    if closed and len(answered) < len(numbers) and not sender.is_alive():
        ctx.fail("replies carrying all {} bytes before the connection ends; the server closed it after {}, once "
                 "the client had shut down its sending side".format(len(numbers), len(answered)),
                 "closed-with-replies-waiting")
    expect_every_reply(ctx, slow, numbers, answered, sender)


@check("poll-server/short-writes", 10,
       "when send() takes only part of a reply, the rest follows: {} messages of {} bytes, each answered whole, "
       "with the server's sends cut short".format(WRITES, WRITE_SIZE), needs=SERVER + (SHORT_IO,))
def short_writes(ctx):
    server = ctx.start_server("tcp", short_io="sends")
    ctx.expect_short_io_loaded(server.program)
    connection = ctx.connect(server)
    for number in range(WRITES):
        message = (b"%04d:" % number + b"abcdefghij" * WRITE_SIZE)[:WRITE_SIZE]
        reply, closed = expect.send_and_receive(ctx, connection, message)
        whole = protocol.reply_length(message)
        if reply and len(reply) < whole and not closed and reply.startswith(protocol.PREFIX):
            ctx.fail("the whole reply, {} bytes; {} came, then nothing: the rest of what send() did not take was "
                     "dropped".format(whole, len(reply)), "partial-write-lost")
        expect.right_reply(ctx, reply, message, closed, server)


@check("poll-server/idle-cpu", 5,
       "with {} clients connected and silent, it sleeps in poll(): at most a tenth of a CPU over {:g} s".format(
           IDLE_CLIENTS, IDLE_FOR), needs=SERVER)
def idle_cpu(ctx):
    server = ctx.start_server("tcp")
    if server.program.cpu_seconds() is None:
        raise CheckSkipped("the harness reads a program's CPU time through /proc: Linux only")
    clients = [ctx.hold(wire.Connection(server.address, lambda *told: None, ctx.timing.reply))
               for _ in range(IDLE_CLIENTS)]
    for number, client in enumerate(clients, 1):
        message = "client {}".format(number).encode()
        client.send(message)
        reply, _ = client.receive(protocol.reply_length(message), ctx.timing.reply, ctx.timing.quiet)
        expect.right_reply(ctx, reply, message, server=server)
    ctx.step("{} clients connected, each sent a message and got its reply; now they say nothing".format(IDLE_CLIENTS))
    before = server.program.cpu_seconds()
    time.sleep(IDLE_FOR)
    busy = (server.program.cpu_seconds() - before) / IDLE_FOR
    ctx.step("over {:g} s the server used {:.0%} of a CPU".format(IDLE_FOR, busy))
    ctx.expect(busy <= BUSY, "at most {:.0%} of a CPU while nothing happens".format(BUSY), "spins-when-idle")
