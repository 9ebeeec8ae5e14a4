"""udp-client/: the harness is the UDP server (one that can drop a datagram, or stay
silent) and types lines on the client's stdin."""

import re

from .. import protocol, wire
from . import check, CLIENT, expect


def _expect_printed(ctx, client, message, server, timeout):
    """Expects the client to print the reply to `message` and " from HOST:PORT"."""
    suffix = " from {}".format(wire.address_text(server.address)).encode()
    if expect.wait_for_reply_line(ctx, client, message, suffix, timeout) is not None:
        return
    printed = client.stdout.data()
    expected = "the reply and its sender on a line of its own: \"at <timestamp> :{}{}\"".format(
        wire.show(message)[1:-1], suffix.decode())
    if b" :" + message + b" from ('127.0.0.1'" in printed:
        ctx.fail(expected, "udp-reply-address")
    if b" :" + message[:900] in printed and b" :" + message not in printed:
        ctx.fail(expected, "udp-small-buffer")
    if len(protocol.reply_to(message)) > 1024 and not server.drops:
        # A client that checks its replies takes a cut one for somebody else's: it sends the line
        # again once its timeout is up, although the reply came.
        if len(server.wait_for_datagrams(2, ctx.client_timing()[0] + ctx.timing.reply / 2)) > 1:
            ctx.fail(expected + "; it sent the line again although the reply had come", "udp-small-buffer")
    if not printed and not client.exited():
        ctx.fail(expected, "udp-no-timeout")
    ctx.fail(expected, expect.output_problem(printed, message, suffix) or "client-output")


def _expect_datagram(ctx, server, client):
    """Waits for the client's first datagram; returns every datagram so far."""
    datagrams = server.wait_for_datagrams(1, ctx.timing.start, client)
    if not datagrams:
        ctx.client_never_got_going(client, "a datagram at {}".format(wire.address_text(server.address)),
                                   "udp-client-no-send")
    return datagrams


@check("udp-client/prints-reply", 20,
       "a line is sent as one datagram and the reply printed as \"REPLY from HOST:PORT\"", needs=CLIENT)
def prints_reply(ctx):
    server = ctx.fake_udp_server()
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=False)
    datagrams = _expect_datagram(ctx, server, client)
    if datagrams[0][0].rstrip(b"\r\n") == b"hello" and datagrams[0][0] != b"hello":
        ctx.fail("the datagram to be exactly \"hello\"", "client-sends-newline")
    ctx.expect(datagrams[0][0] == b"hello", "the datagram to be exactly \"hello\"")
    _expect_printed(ctx, client, b"hello", server, ctx.timing.reply)


@check("udp-client/long-reply", 15, "a reply longer than 1024 bytes (3 KiB) is printed whole", needs=CLIENT)
def long_reply(ctx):
    message = bytes(ord("a") + i % 26 for i in range(3000))
    server = ctx.fake_udp_server()
    client = ctx.start_client(server.address, stdin=message + b"\n", close_stdin=False)
    _expect_datagram(ctx, server, client)
    _expect_printed(ctx, client, message, server, ctx.timing.reply)


@check("udp-client/timeout-retry", 25,
       "when the first datagram is lost, the client times out and sends it again, and prints the reply", needs=CLIENT)
def timeout_retry(ctx):
    timeout, _ = ctx.client_timing()
    server = ctx.fake_udp_server(drop_first=1)
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=False)
    _expect_datagram(ctx, server, client)
    resent = len(server.wait_for_datagrams(2, timeout + ctx.timing.reply)) >= 2
    if not resent:
        if client.exited():
            ctx.step("the client {}".format(client.describe_exit()))
            ctx.fail("the client to send the datagram again after {:g} s".format(timeout), "udp-gives-up")
        ctx.fail("the client to send the datagram again after its timeout ({:g} s)".format(timeout),
                 "udp-no-timeout")
    _expect_printed(ctx, client, b"hello", server, ctx.timing.reply)


@check("udp-client/late-reply", 10,
       "a reply that comes late, after the line was resent and answered, is not taken for the next line's: each "
       "line's own reply is printed, once", needs=CLIENT)
def late_reply(ctx):
    timeout, retries = ctx.client_timing()
    server = ctx.fake_udp_server(late_first=True)
    client = ctx.start_client(server.address, stdin=b"first\nsecond\n", close_stdin=True)
    _expect_datagram(ctx, server, client)
    if len(server.wait_for_datagrams(2, timeout + ctx.timing.reply)) < 2:
        ctx.fail("the client to send \"first\" again after its timeout ({:g} s)".format(timeout), "udp-no-timeout")
    ctx.wait_for_exit(client, (retries + 1) * timeout + ctx.timing.exit, "at the end of its input",
                      expect.AT_END_OF_INPUT)
    printed = client.stdout.data()
    ctx.step("its stdout: {}".format(wire.show(printed)))
    suffix = " from {}".format(wire.address_text(server.address)).encode()
    firsts, seconds = (len(re.findall(re.escape(b" :" + line + suffix), printed)) for line in (b"first", b"second"))
    expected = "the reply to \"first\", then the reply to \"second\", each once"
    ctx.expect(firsts <= 1, expected + "; the reply to \"first\" was printed {} times".format(firsts),
               "udp-stale-reply")
    ctx.expect(firsts == 1 and seconds == 1, expected,
               expect.output_problem(printed, b"second", suffix) or "client-output")


@check("udp-client/no-server", 20,
       "with no server, it tries 1 + --retries times, prints \"no reply from HOST:PORT\" and exits with 1",
       needs=CLIENT)
def no_server(ctx):
    timeout, retries = ctx.client_timing()
    server = ctx.fake_udp_server(silent=True)
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=True)
    budget = (retries + 1) * timeout + ctx.timing.exit
    status = client.wait(budget)
    if status is None:
        ctx.step("the client was still running {:g} s later".format(budget))
        ctx.fail("the client to give up after {} tries of {:g} s".format(retries + 1, timeout), "udp-no-timeout")
    ctx.step("the client {}".format(client.describe_exit()))
    if status != 0 and expect.crashed_at_end_of_input(ctx, client):
        ctx.fail("\"no reply from ...\" and exit status 1", "python-eof-traceback")
    tries = len(server.wait_for_datagrams(retries + 1, 0))
    ctx.expect(tries == retries + 1, "{} datagrams (1 + --retries {}); the server got {}".format(
        retries + 1, retries, tries), "udp-gives-up")
    expected = "no reply from {}".format(wire.address_text(server.address))
    ctx.expect(expected in client.stderr.text(), "\"{}\" on stderr".format(expected), "udp-no-reply-message")
    ctx.expect(status == 1, "exit status 1 when a message got no reply", "client-exit-status")


@check("udp-client/empty-line-quits", 10, "an empty line ends the client with status 0; nothing more is sent",
       needs=CLIENT)
def empty_line_quits(ctx):
    server = ctx.fake_udp_server()
    client = ctx.start_client(server.address, stdin=b"hello\n\nnever sent\n", close_stdin=False)
    _expect_datagram(ctx, server, client)
    status = ctx.wait_for_exit(client, ctx.timing.exit + ctx.client_timing()[0], "after the empty line",
                               expect.AFTER_EMPTY_LINE)
    sent = [data for data, _ in server.wait_for_datagrams(2, 0)]
    ctx.expect(b"never sent" not in sent, "nothing sent after the empty line", "client-keeps-going")
    ctx.expect(status == 0, "exit status 0 after an empty line", "client-exit-status")
