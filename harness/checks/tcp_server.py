"""tcp-server/: the harness is the client of a TCP timestamp server (unframed: one recv()
of at most 1024 bytes is one message, so the harness waits for each reply)."""

import time

from .. import protocol
from . import check, SERVER, expect


@check("tcp-server/starts", 10,
       "it prints \"listening on ADDRESS\" (the port it got, or its socket path) and accepts a connection",
       roles=("unix-server", "line-server"), needs=SERVER)
def starts(ctx):
    server = ctx.start_server("tcp")
    ctx.connect(server)


@check("tcp-server/reply-format", 15, "a message gets back exactly \"at TIMESTAMP :MESSAGE\"",
       roles=("unix-server", "line-server"), needs=SERVER)
def reply_format(ctx):
    server = ctx.start_server("tcp")
    expect.exchange(ctx, ctx.connect(server), b"hello", server)


@check("tcp-server/timestamp", 10,
       "the timestamp is the local time of each reply, in the layout of C's ctime()",
       roles=("unix-server", "line-server"), needs=SERVER, waits=True)
def timestamp(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    sent_at = time.time()
    reply = expect.exchange(ctx, connection, b"what time is it?", server)
    expect.current_timestamp(ctx, reply, sent_at, time.time())
    expect.clock_advances(ctx, reply, lambda: expect.exchange(ctx, connection, b"and now?", server))


@check("tcp-server/payload-verbatim", 10,
       "the message comes back byte for byte: spaces, UTF-8, NUL and 0xFF bytes",
       roles=("unix-server", "line-server"), needs=SERVER)
def payload_verbatim(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    for message in expect.PAYLOADS:
        expect.exchange(ctx, connection, message, server)


@check("tcp-server/multiple-messages", 10, "one connection gets a reply to each of several messages",
       roles=("unix-server", "line-server"), needs=SERVER)
def multiple_messages(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    for number in range(1, 6):
        reply, closed = expect.send_and_receive(ctx, connection, "message {}".format(number).encode())
        if number > 1 and not reply:
            ctx.fail("a reply to message {} on the same connection".format(number), "one-message")
        expect.right_reply(ctx, reply, "message {}".format(number).encode(), closed, server)


@check("tcp-server/sequential-clients", 10, "after one client leaves, the next one is served, three times",
       roles=("unix-server", "line-server"), needs=SERVER)
def sequential_clients(ctx):
    server = ctx.start_server("tcp")
    for number in range(1, 4):
        message = "client {}".format(number).encode()
        if number > 1 and server.program.exited():
            ctx.fail("the server to keep running for client {}; it {}".format(
                number, server.program.describe_exit()), "one-client")
        connection = ctx.connect(server, " as client {}".format(number),
                                 hint_if_gone="one-client" if number > 1 else "server-exited")
        reply, closed = expect.send_and_receive(ctx, connection, message)
        if number > 1 and not reply:
            ctx.fail("a reply to client {} after client {} left".format(number, number - 1), "one-client")
        expect.right_reply(ctx, reply, message, closed, server)
        connection.close()
        ctx.step("closed the connection of client {}".format(number))


@check("tcp-server/max-message", 10, "a 1024-byte message (the seed's BUFSIZE) is answered in one whole reply",
       roles=("unix-server",), needs=SERVER)
def max_message(ctx):
    server = ctx.start_server("tcp")
    message = bytes(ord("a") + i % 26 for i in range(protocol.MAX_UNFRAMED_MESSAGE))
    expect.exchange(ctx, ctx.connect(server), message, server)


@check("tcp-server/client-abort", 5,
       "a client that resets its connection (RST) does not stop the server: the next is served",
       roles=("unix-server", "line-server"), needs=SERVER)
def client_abort(ctx):
    server = ctx.start_server("tcp")
    first = ctx.connect(server, " as client 1")
    expect.exchange(ctx, first, b"hello", server)
    first.send(b"goodbye", " and, before the reply comes:")
    first.abort()
    second = ctx.connect(server, " as client 2", hint_if_gone=_why_gone)
    second.abort()
    time.sleep(0.1)
    if server.program.exited():
        ctx.fail("the server to survive clients that reset; it {}".format(server.program.describe_exit()),
                 _why_gone(server.program.poll()))
    third = ctx.connect(server, " as client 3", hint_if_gone=_why_gone)
    reply, closed = expect.send_and_receive(ctx, third, b"still there?")
    if not reply:
        ctx.fail("a reply to client 3 after two clients reset their connections", "dies-on-reset")
    expect.right_reply(ctx, reply, b"still there?", closed, server)


def _why_gone(status):
    """A server that exited with 0 when a client reset ended its loop as after any client
    (a `break` left in); any other end is the reset's doing."""
    return "one-client" if status == 0 else "dies-on-reset"


@check("tcp-server/clean-shutdown", 5,
       "on SIGTERM (Ctrl+Break on Windows), even with a client connected, it exits with status 0 within 2 s",
       roles=("unix-server", "line-server"), needs=SERVER)
def clean_shutdown(ctx):
    server = ctx.start_server("tcp")
    if ctx.subject.server.takes("port"):
        # With a client connected the server is blocked in recv(), the harder case. (A fixed
        # port is left out of it: the server's side of the connection would keep the port in
        # TIME_WAIT, and a server without SO_REUSEADDR could not bind it again soon.)
        reply, _ = expect.send_and_receive(ctx, ctx.connect(server), b"hello")
        if not reply:
            ctx.fail("a reply to \"hello\" (any reply will do here)", expect.gone_hint(server, "no-reply"))
    expect.clean_stop(ctx, server)


@check("tcp-server/busy-port", 5,
       "a second server on a port in use exits with status 1 and \"cannot bind HOST:PORT: ...\" on stderr",
       roles=("line-server",), needs=SERVER)
def busy_port(ctx):
    expect.busy_port_refused(ctx, ctx.start_server("tcp"))


@check("tcp-server/concurrent-clients", 10,
       "a client that connects and stays silent does not delay another client's reply beyond 1 s", needs=SERVER)
def concurrent_clients(ctx):
    server = ctx.start_server("tcp")
    ctx.connect(server, " as client 1, which will say nothing")
    second = ctx.connect(server, " as client 2")
    second.send(b"hello")
    reply, closed = second.receive(protocol.reply_length(b"hello"), 1.0 * ctx.timing.scale, ctx.timing.quiet)
    if not reply and not closed:
        ctx.fail("a reply to client 2 within {:g} s while client 1 is connected".format(ctx.timing.scale),
                 "one-client-at-a-time")
    expect.right_reply(ctx, reply, b"hello", closed, server)
