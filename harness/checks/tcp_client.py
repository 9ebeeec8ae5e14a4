"""tcp-client/: the harness is the server (a correct one, that records what it gets) and
types lines on the client's stdin, as a user would."""

from .. import protocol, wire
from . import check, CLIENT, expect
from .expect import BLOCKED_READING as BLOCKED

STREAM_CLIENTS = ("unix-client", "line-client")  # the same checks grade these, over their transport


@check("tcp-client/connects", 10, "it connects to the address it is given (--host and --port, or --path)",
       roles=STREAM_CLIENTS, needs=CLIENT)
def connects(ctx):
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, close_stdin=False)
    if not server.wait_for_connection(ctx.timing.start, client):
        ctx.client_never_got_going(client, "a connection to {} within {:g} s".format(
            wire.address_text(server.address), ctx.timing.start), "client-no-connect")


@check("tcp-client/sends-line", 15,
       "a line typed is sent as exactly its bytes: without its line end (with \"\\n\" in the framed protocol)",
       roles=STREAM_CLIENTS, needs=CLIENT)
def sends_line(ctx):
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=False)
    expect_sent(ctx, server, client, b"hello", settle=ctx.timing.quiet)


@check("tcp-client/prints-reply", 15, "the server's reply is printed on a line of its own",
       roles=STREAM_CLIENTS, needs=CLIENT)
def prints_reply(ctx):
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=False)
    expect_sent(ctx, server, client, b"hello")
    expect_printed_reply(ctx, client, b"hello")


@check("tcp-client/utf8", 10, "UTF-8 text (中文) goes out and comes back unchanged", roles=STREAM_CLIENTS, needs=CLIENT)
def utf8(ctx):
    message = "你好，中文".encode("utf-8")
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, stdin=message + b"\n", close_stdin=False)
    expect_sent(ctx, server, client, message)
    expect_printed_reply(ctx, client, message)


@check("tcp-client/empty-line-quits", 10,
       "an empty line ends the session: the client closes the connection and exits with status 0",
       roles=STREAM_CLIENTS, needs=CLIENT)
def empty_line_quits(ctx):
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, stdin=b"hello\n\nnever sent\n", close_stdin=False)
    expect_sent(ctx, server, client, b"hello")
    wait = expect.wait_unless_found(ctx, BLOCKED, ctx.timing.exit)
    status = ctx.wait_for_exit(client, wait, "after the empty line",
                               lambda: _unless_reading(ctx, client, b"hello", expect.AFTER_EMPTY_LINE))
    ctx.expect(b"never sent" not in b"".join(server.messages()),
               "nothing sent after the empty line", "client-keeps-going")
    ctx.expect(status == 0, "exit status 0 after an empty line", "client-exit-status")
    ctx.expect(server.wait_for_client_close(ctx.timing.reply), "the client to close its connection")


@check("tcp-client/eof-quits", 10,
       "the end of input ends the session: the client closes the connection and exits with status 0",
       roles=STREAM_CLIENTS, needs=CLIENT)
def eof_quits(ctx):
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=True)
    expect_sent(ctx, server, client, b"hello")
    wait = expect.wait_unless_found(ctx, BLOCKED, ctx.timing.exit)
    status = ctx.wait_for_exit(client, wait, "at the end of its input",
                               lambda: _unless_reading(ctx, client, b"hello", expect.AT_END_OF_INPUT))
    if status != 0 and expect.crashed_at_end_of_input(ctx, client):
        ctx.fail("exit status 0 at the end of input, not a crash", "python-eof-traceback")
    ctx.expect(status == 0, "exit status 0 at the end of input", "client-exit-status")
    ctx.expect(server.wait_for_client_close(ctx.timing.reply), "the client to close its connection")


@check("tcp-client/server-closed", 10,
       "when the server closes the connection, the client says \"connection closed by server\" and exits with 1",
       roles=STREAM_CLIENTS, needs=CLIENT)
def server_closed(ctx):
    server = ctx.fake_tcp_server(close_after=1)
    client = ctx.start_client(server.address, stdin=b"hello\nworld\n", close_stdin=False)
    expect_sent(ctx, server, client, b"hello")
    status = ctx.wait_for_exit(client, ctx.timing.exit, "after the server closed the connection",
                               expect.AFTER_SERVER_CLOSED)
    if status != 0 and expect.crashed_at_end_of_input(ctx, client):
        ctx.fail("\"connection closed by server\" and exit status 1", "python-eof-traceback")
    ctx.expect("connection closed by server" in client.stderr.text(),
               "\"connection closed by server\" on stderr", "client-misses-close")
    ctx.expect(status == 1, "exit status 1 after the server closed the connection", "client-exit-status")


@check("tcp-client/connection-refused", 10,
       "a refused connection gives \"cannot connect to ADDRESS: ...\" on stderr and exit status 1, at once",
       roles=STREAM_CLIENTS, needs=CLIENT)
def connection_refused(ctx):
    address = ctx.address_for_client()
    holder = ctx.hold(wire.stream_socket(address))
    wire.bind(holder, address)  # bound, not listening: a connection to it is refused
    address = address if isinstance(address, str) else holder.getsockname()
    ctx.step("nothing listens on {} (the harness holds it without listening)".format(wire.address_text(address)))
    client = ctx.start_client(address, stdin=b"hello\n", close_stdin=False)
    status = ctx.wait_for_exit(client, ctx.timing.exit, "when its connection is refused")
    expected = "cannot connect to {}".format(wire.address_text(address))
    lines = client.stderr.text().splitlines()
    ctx.expect(any(line.startswith(expected) and "refused" in line.lower() for line in lines),
               "a line \"{}: Connection refused\" on stderr".format(expected), "client-refused-message")
    ctx.expect(status == 1, "exit status 1 when the connection is refused", "client-exit-status")


def expect_sent(ctx, server, client, message, settle=0.0):
    """Expects `message` to be the first thing the client sends. settle: how long to wait
    for more bytes after the first ones (a line end sent on its own comes a bit later)."""
    received = b"".join(server.wait_for_messages(1, ctx.timing.start, client))
    wanted = message + ctx.line_end
    if server.messages()[:1] == [wanted] and not settle:
        return  # (what came after it is the next message: another check's business)
    if ctx.line_end and received and not received.endswith(b"\n"):
        settle = settle or ctx.timing.quiet  # the rest of the line may be on its way
    if received and settle:
        received = b"".join(server.wait_for_messages(2, settle, client))
    if not received and not server.connections:
        ctx.client_never_got_going(client, "a connection to {}".format(wire.address_text(server.address)),
                                   "client-no-connect")
    if not received:
        ctx.fail_for_program(client, "the client to send {}".format(wire.show(message)), "client-no-send")
    if len(received) > len(wanted) and received.startswith(wanted) and not received[len(wanted):].strip(b"\0"):
        ctx.fail("exactly {} ({}); {} NUL bytes followed it".format(wire.show(wanted), wire.count(wanted),
                                                                  len(received) - len(wanted)), "sends-whole-buffer")
    if ctx.line_end and received == message:
        ctx.fail("exactly {} ({}): a line ends with \"\\n\"".format(wire.show(wanted), wire.count(wanted)),
                 "client-sends-no-newline")
    if not ctx.line_end and received.rstrip(b"\r\n") == message and received != message:
        ctx.fail("exactly {} ({}), without the line end".format(wire.show(message), wire.count(message)),
                 "client-sends-newline")
    ctx.expect(received == wanted, "exactly {} ({})".format(wire.show(wanted), wire.count(wanted)),
               "client-sends-newline" if received.endswith(b"\n") and not ctx.line_end else None)


def expect_printed_reply(ctx, client, message):
    wait = expect.wait_unless_found(ctx, BLOCKED, ctx.timing.reply)
    if expect.wait_for_reply_line(ctx, client, message, timeout=wait) is None:
        ctx.fail("the reply printed on a line of its own: \"at <timestamp> :{}\"".format(wire.show(message)[1:-1]),
                 expect.output_problem(client.stdout.data(), message)
                 or _unless_reading(ctx, client, message, ("client-output",) * 2)[0])


def _unless_reading(ctx, client, message, hints):
    """The hints of a client that did not do what it should after the harness's reply to
    `message`: those given, unless it is still running and printed nothing of that reply:
    it still waits to read it (it asked for more bytes than the reply has). Later checks
    then wait less to see it again."""
    if not client.exited() and protocol.SEPARATOR + message not in client.stdout.data():
        expect.found(ctx, BLOCKED)
        return (BLOCKED,) * 2
    return hints
