"""line-server/ and line-client/: the framed protocol, where a message is a line. TCP is
a byte stream, so a program must be right however the bytes are split or merged on the
way: these checks split and merge them on purpose."""

import time

from .. import protocol, wire
from . import check, CLIENT, SERVER, SHORT_IO, expect

TRICKLE_PAUSE = 0.02  # seconds between the bytes of a trickled line
SHORT_IO_LENGTHS = (40, 1500, 9000, 30000, 60000)  # of the lines sent to a program under short_io


def _short_io_lines():
    """Lines of digits, each told apart by its start: a reply cut short shows where."""
    return [("line {}: ".format(number).encode() + bytes(ord("0") + i % 10 for i in range(length)))
            for number, length in enumerate(SHORT_IO_LENGTHS, 1)]


def _expect_lines(ctx, connection, messages, server, timeout=None):
    """Reads the replies to `messages` (lines), one after the other, and checks each."""
    expected = sum(protocol.reply_length(message) + 1 for message in messages)
    data, closed = connection.receive(expected, timeout or ctx.timing.reply, ctx.timing.quiet)
    replies = len(protocol.REPLY_START.findall(data))
    if 1 <= replies < len(messages) <= data.count(b"\n"):
        ctx.fail("a reply per line, {} in all; {} came, for the lines together".format(len(messages), replies),
                 "byte-stream")
    for message in messages:
        length = protocol.reply_length(message) + 1
        reply, data = data[:length], data[length:]
        if not data and protocol.cut_short(reply, message):
            ctx.fail("the whole reply to {}, {} bytes; {} came, then nothing more".format(
                wire.show(message), length, len(reply)), "partial-send")
        if reply.count(b"\n") != 1 or not reply.endswith(b"\n"):
            ctx.fail("one reply line per line sent, {} in all; the reply to {} was not one whole line".format(
                len(messages), wire.show(message)), "byte-stream")
        expect.right_reply(ctx, reply, message, closed, server)
    ctx.expect(not data, "nothing more than the {} replies; then came {}".format(len(messages), wire.show(data)),
               "byte-stream")


@check("line-server/trickle", 10, "a line that arrives one byte at a time gets one reply, once its \"\\n\" is in",
       needs=SERVER)
def trickle(ctx):
    server = ctx.start_server()
    connection = ctx.connect(server)
    line = b"slowly, one byte at a time"
    ctx.step("sending {} one byte at a time, {:g} s apart".format(wire.show(line + b"\n"), TRICKLE_PAUSE))
    for byte in line + b"\n":
        connection.sock.sendall(bytes([byte]))
        time.sleep(TRICKLE_PAUSE)
    _expect_lines(ctx, connection, [line], server)


@check("line-server/coalesced", 10, "several lines that arrive in one piece get a reply each, in order", needs=SERVER)
def coalesced(ctx):
    server = ctx.start_server()
    connection = ctx.connect(server)
    lines = [b"one", b"two", b"three"]
    connection.send(b"".join(line + b"\n" for line in lines), " in one send()")
    _expect_lines(ctx, connection, lines, server)


@check("line-server/split-line", 10, "a line that arrives in two pieces, 0.2 s apart, gets one reply", needs=SERVER)
def split_line(ctx):
    server = ctx.start_server()
    connection = ctx.connect(server)
    connection.send(b"first\nthe second line, ")
    time.sleep(0.2)
    connection.send(b"in two pieces\n")
    _expect_lines(ctx, connection, [b"first", b"the second line, in two pieces"], server)


@check("line-server/long-line", 10,
       "a 64 KiB line is answered whole; a longer one gets \"error: line too long\" and the connection is closed",
       needs=SERVER)
def long_line(ctx):
    server = ctx.start_server()
    longest = bytes(ord("a") + i % 26 for i in range(protocol.MAX_LINE))
    connection = ctx.connect(server)
    connection.send(longest + b"\n")
    reply, closed = connection.receive(protocol.reply_length(longest) + 1, ctx.timing.reply * 2, ctx.timing.quiet)
    if len(reply) < protocol.reply_length(longest) + 1 and reply.startswith(protocol.PREFIX):
        ctx.fail("the whole reply to a 64 KiB line, {} bytes".format(protocol.reply_length(longest) + 1),
                 "partial-send" if not closed else "line-limit-too-small")
    expect.right_reply(ctx, reply, longest, closed, server)
    connection.close()
    ctx.step("closed the connection")

    too_long = longest + b"z"
    connection = ctx.connect(server, " again")
    connection.send(too_long + b"\n")
    answer, closed = connection.receive(1 << 20, ctx.timing.reply * 2, ctx.timing.reply)
    if answer.startswith(protocol.PREFIX):
        ctx.fail("\"error: line too long\\n\" for a line of 64 KiB + 1 byte, not a reply", "no-line-limit")
    ctx.expect(answer == b"error: line too long\n", "exactly \"error: line too long\\n\"", "line-limit-message")
    ctx.expect(closed, "the server to close the connection after the error", "line-limit-message")


@check("line-server/half-close", 10,
       "a client that shuts down its sending side still gets the replies to its lines, then the connection closes",
       needs=SERVER)
def half_close(ctx):
    server = ctx.start_server()
    connection = ctx.connect(server)
    connection.send(b"one\ntwo\n")
    connection.shut_down_sending()
    _expect_lines(ctx, connection, [b"one", b"two"], server)
    ctx.expect(connection.wait_for_close(ctx.timing.reply), "the server to close the connection after the replies",
               "half-close")


@check("line-server/short-io", 10,
       "every line answered whole when send() and recv() move fewer bytes than asked, as they may at any time",
       needs=SERVER + (SHORT_IO,))
def short_io_server(ctx):
    server = ctx.start_server(short_io=True)
    ctx.expect_short_io_loaded(server.program)
    connection = ctx.connect(server)
    for line in _short_io_lines():
        connection.send(line + b"\n")
        _expect_lines(ctx, connection, [line], server)


@check("line-client/reply-in-pieces", 10, "a reply line that arrives in pieces is printed once, whole", needs=CLIENT)
def reply_in_pieces(ctx):
    server = ctx.fake_tcp_server(reply_in_pieces=True)
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=False)
    if expect.wait_for_reply_line(ctx, client, b"hello", timeout=ctx.timing.reply + 0.5) is None:
        ctx.fail_for_program(client, "the reply printed once, whole, on a line of its own", "byte-stream-client")


@check("line-client/long-line", 10, "a 60 KiB line typed is sent whole, and its reply printed whole", needs=CLIENT)
def long_line_client(ctx):
    message = bytes(ord("a") + i % 26 for i in range(60 * 1024))
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, stdin=message + b"\n", close_stdin=False)
    received = b"".join(server.wait_for_messages(1, ctx.timing.start, client))
    if received != message + b"\n":
        ctx.fail_for_program(client, "the line sent whole, {} bytes with its \"\\n\"; the harness got {}".format(
            len(message) + 1, wire.count(received)), "partial-send")
    if expect.wait_for_reply_line(ctx, client, message) is None:
        ctx.fail_for_program(client, "the whole reply printed on a line of its own", "byte-stream-client")


@check("line-client/short-io", 10,
       "every line sent whole and every reply printed whole when send() and recv() move fewer bytes than asked",
       needs=CLIENT + (SHORT_IO,))
def short_io_client(ctx):
    lines = _short_io_lines()
    server = ctx.fake_tcp_server()
    client = ctx.start_client(server.address, stdin=b"".join(line + b"\n" for line in lines), close_stdin=False,
                              short_io=True)
    for number, line in enumerate(lines, 1):
        messages = server.wait_for_messages(number, ctx.timing.reply, client)
        received = messages[number - 1] if len(messages) >= number else b""
        if number == 1:
            ctx.expect_short_io_loaded(client)
        if received != line + b"\n":
            unfinished = server.unfinished()
            if line.startswith(unfinished) and unfinished:
                ctx.fail_for_program(client, "line {} sent whole, {} bytes with its \"\\n\"; {} came, then "
                                     "nothing more".format(number, len(line) + 1, len(unfinished)), "partial-send")
            ctx.fail_for_program(client, "line {} sent whole, {} bytes with its \"\\n\"; the harness got {}".format(
                number, len(line) + 1, wire.count(received or unfinished)), "partial-send")
        if expect.wait_for_reply_line(ctx, client, line) is None:
            ctx.fail_for_program(client, "the reply to line {} printed whole, on a line of its own".format(number),
                                 "byte-stream-client")
