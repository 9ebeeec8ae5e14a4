"""tcp-server/: the harness is the client of a TCP timestamp server (unframed: one recv()
of at most 1024 bytes is one message, so the harness waits for each reply)."""

import time

from .. import protocol
from . import check


@check("tcp-server/starts", 10,
       "it prints \"listening on ADDRESS\" (the port it got, or its socket path) and accepts a connection",
       roles=("unix-server", "line-server"))
def starts(ctx):
    server = ctx.start_server("tcp")
    ctx.connect(server)


@check("tcp-server/reply-format", 15, "a message gets back exactly \"at TIMESTAMP :MESSAGE\"",
       roles=("unix-server", "line-server"))
def reply_format(ctx):
    server = ctx.start_server("tcp")
    ctx.exchange(ctx.connect(server), b"hello", server)


@check("tcp-server/timestamp", 10, "the timestamp is the local time now, in the layout of C's ctime()",
       roles=("unix-server", "line-server"))
def timestamp(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    sent_at = time.time()
    reply = ctx.exchange(connection, b"what time is it?", server)
    ctx.expect_current_timestamp(reply, sent_at, time.time())


PAYLOADS = [
    b"two  spaces and a trailing one ",
    "UTF-8: 中文 ñ €".encode("utf-8"),
    b"a NUL\0in the middle",
    b"bytes that are not UTF-8: \xff\xfe\x80",
]


@check("tcp-server/payload-verbatim", 10,
       "the message comes back byte for byte: spaces, UTF-8, NUL and 0xFF bytes",
       roles=("unix-server", "line-server"))
def payload_verbatim(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    for message in PAYLOADS:
        ctx.exchange(connection, message, server)


@check("tcp-server/multiple-messages", 10, "one connection gets a reply to each of several messages",
       roles=("unix-server", "line-server"))
def multiple_messages(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    for number in range(1, 6):
        reply, closed = ctx.send_and_receive(connection, "message {}".format(number).encode())
        if number > 1 and not reply:
            ctx.fail("a reply to message {} on the same connection".format(number), "one-message")
        ctx.expect_reply(reply, "message {}".format(number).encode(), closed, server)


@check("tcp-server/sequential-clients", 10, "after one client leaves, the next one is served, three times",
       roles=("unix-server", "line-server"))
def sequential_clients(ctx):
    server = ctx.start_server("tcp")
    for number in range(1, 4):
        message = "client {}".format(number).encode()
        if number > 1 and server.program.exited():
            ctx.fail("the server to keep running for client {}; it {}".format(
                number, server.program.describe_exit()), "one-client")
        connection = ctx.connect(server, " as client {}".format(number), hint_if_gone="one-client")
        reply, closed = ctx.send_and_receive(connection, message)
        if number > 1 and not reply:
            ctx.fail("a reply to client {} after client {} left".format(number, number - 1), "one-client")
        ctx.expect_reply(reply, message, closed, server)
        connection.close()
        ctx.step("closed the connection of client {}".format(number))


@check("tcp-server/max-message", 10, "a 1024-byte message (the seed's BUFSIZE) is answered in one whole reply",
       roles=("unix-server",))
def max_message(ctx):
    server = ctx.start_server("tcp")
    message = bytes(ord("a") + i % 26 for i in range(protocol.MAX_UNFRAMED_MESSAGE))
    ctx.exchange(ctx.connect(server), message, server)


@check("tcp-server/client-abort", 5,
       "a client that resets its connection (RST) does not stop the server: the next is served",
       roles=("unix-server", "line-server"))
def client_abort(ctx):
    server = ctx.start_server("tcp")
    first = ctx.connect(server, " as client 1")
    ctx.exchange(first, b"hello", server)
    first.send(b"goodbye", " and, before the reply comes:")
    first.abort()
    second = ctx.connect(server, " as client 2", hint_if_gone="dies-on-reset")
    second.abort()
    time.sleep(0.1)
    if server.program.exited():
        ctx.fail("the server to survive clients that reset; it {}".format(server.program.describe_exit()),
                 "dies-on-reset")
    third = ctx.connect(server, " as client 3", hint_if_gone="dies-on-reset")
    reply, closed = ctx.send_and_receive(third, b"still there?")
    if not reply:
        ctx.fail("a reply to client 3 after two clients reset their connections", "dies-on-reset")
    ctx.expect_reply(reply, b"still there?", closed, server)


@check("tcp-server/clean-shutdown", 5,
       "on SIGTERM (Ctrl+Break on Windows), even with a client connected, it exits with status 0 within 2 s",
       roles=("unix-server", "line-server"))
def clean_shutdown(ctx):
    server = ctx.start_server("tcp")
    if ctx.subject.server.takes("port"):
        # With a client connected the server is blocked in recv(), the harder case. (A fixed
        # port is left out of it: the server's side of the connection would keep the port in
        # TIME_WAIT, and a server without SO_REUSEADDR could not bind it again soon.)
        reply, _ = ctx.send_and_receive(ctx.connect(server), b"hello")
        ctx.expect(reply, "a reply to \"hello\" (any reply will do here)", "no-reply")
    expect_clean_stop(ctx, server)


@check("tcp-server/busy-port", 5,
       "a second server on a port in use exits with status 1 and \"cannot bind HOST:PORT: ...\" on stderr",
       roles=("line-server",))
def busy_port(ctx):
    expect_busy_port_refused(ctx, ctx.start_server("tcp"))


def expect_busy_port_refused(ctx, server):
    """Starts the server's command again on the port the first one holds."""
    host, port = server.address
    second = ctx.start(ctx.subject.server, host=host, port=port)
    status = second.wait(ctx.timing.exit)
    if status is None:
        ctx.fail("a second server on {}:{} to fail, as the port is in use; it is running".format(host, port),
                 "busy-port-shared")
    ctx.step("the second server {}".format(second.describe_exit()))
    expected = "cannot bind {}:{}".format(host, port)
    ctx.expect(any(line.startswith(expected) for line in second.stderr.text().splitlines()),
               "a line \"{}: Address already in use\" on its stderr".format(expected), "bind-error-message")
    ctx.expect(status == 1, "exit status 1 for the second server", "bind-error-message")


def expect_clean_stop(ctx, server):
    """Asks the server to stop and expects exit status 0 within the time allowed."""
    under_wine = ctx.subject.under_wine
    ctx.step("asked the server to stop ({})".format(
        "SIGINT, which Wine turns into Ctrl+C; Wine kills a program on SIGTERM" if under_wine
        else "SIGTERM; Ctrl+Break on Windows"))
    status, took = server.program.stop(ctx.timing.stop, interrupt=under_wine)
    if status is None:
        ctx.step("it was still running {:g} s later, and was killed".format(ctx.timing.stop))
        ctx.fail("the server to exit within {:g} s of SIGTERM".format(ctx.timing.stop), "ignores-sigterm")
    ctx.step("it {} after {:.2f} s".format(server.program.describe_exit(), took))
    if status < 0:
        ctx.fail("exit status 0 after SIGTERM", "killed-by-signal")
    ctx.expect(status == 0, "exit status 0 after SIGTERM", "stop-status")


@check("tcp-server/concurrent-clients", 10,
       "a client that connects and stays silent does not delay another client's reply beyond 1 s")
def concurrent_clients(ctx):
    server = ctx.start_server("tcp")
    ctx.connect(server, " as client 1, which will say nothing")
    second = ctx.connect(server, " as client 2")
    second.send(b"hello")
    reply, closed = second.receive(protocol.reply_length(b"hello"), 1.0 * ctx.timing.scale, ctx.timing.quiet)
    if not reply and not closed:
        ctx.fail("a reply to client 2 within {:g} s while client 1 is connected".format(ctx.timing.scale),
                 "one-client-at-a-time")
    ctx.expect_reply(reply, b"hello", closed, server)

