"""udp-server/: the harness sends datagrams to a UDP timestamp server; each one is a
message, and its reply must come back to the socket that sent it."""

import time

from .. import protocol, wire
from . import check
from .tcp_server import PAYLOADS, expect_busy_port_refused, expect_clean_stop

TRIES = 3  # a datagram may be lost even on loopback (a full buffer): the harness asks again


def ask(ctx, endpoint, server, message):
    """Sends `message` from `endpoint` until a datagram comes back (TRIES times at most);
    returns (reply, sender), or (None, None)."""
    for _ in range(TRIES):
        endpoint.send(message, server.address)
        reply, sender = endpoint.receive(ctx.timing.reply / 2)
        if reply is not None:
            return reply, sender
        if server.program.exited():
            break
    return None, None


def expect_answer(ctx, endpoint, server, message):
    reply, _ = ask(ctx, endpoint, server, message)
    if reply is None:
        if server.program.exited():
            ctx.fail("a reply; the server {}".format(server.program.describe_exit()))
        ctx.fail("a reply datagram at {} (asked {} times)".format(wire.address_text(endpoint.address), TRIES),
                 "udp-no-reply")
    ctx.expect_reply(reply, message, server=server)
    return reply


@check("udp-server/starts", 10, "it prints \"listening on HOST:PORT\" and answers a datagram")
def starts(ctx):
    server = ctx.start_server("udp")
    reply, _ = ask(ctx, ctx.datagrams(), server, b"hello")
    ctx.expect(reply is not None, "a reply to a datagram", "udp-no-reply")


@check("udp-server/reply-format", 15, "a datagram gets back exactly \"at TIMESTAMP :MESSAGE\"")
def reply_format(ctx):
    server = ctx.start_server("udp")
    expect_answer(ctx, ctx.datagrams(), server, b"hello")


@check("udp-server/timestamp", 10, "the timestamp is the local time now, in the layout of C's ctime()")
def timestamp(ctx):
    server = ctx.start_server("udp")
    sent_at = time.time()
    reply = expect_answer(ctx, ctx.datagrams(), server, b"what time is it?")
    ctx.expect_current_timestamp(reply, sent_at, time.time())


@check("udp-server/payload-verbatim", 10,
       "the message comes back byte for byte: spaces, UTF-8, NUL and 0xFF bytes")
def payload_verbatim(ctx):
    server = ctx.start_server("udp")
    endpoint = ctx.datagrams()
    for message in PAYLOADS:
        expect_answer(ctx, endpoint, server, message)


@check("udp-server/multiple-clients", 15, "replies go to the sender of each datagram, with clients taking turns")
def multiple_clients(ctx):
    server = ctx.start_server("udp")
    alice, bob = ctx.datagrams("client A"), ctx.datagrams("client B")
    for round_ in (1, 2):
        for endpoint, other in ((alice, bob), (bob, alice)):
            message = "{} message {}".format(endpoint.name, round_).encode()
            reply, _ = ask(ctx, endpoint, server, message)
            if reply is None:
                stray, _ = other.receive(0.2)
                if stray is not None:
                    ctx.fail("the reply to {}'s datagram at {}, not at {}".format(
                        endpoint.name, wire.address_text(endpoint.address),
                        wire.address_text(other.address)), "udp-wrong-address")
                ctx.fail("a reply at {}, the sender of the datagram".format(wire.address_text(endpoint.address)),
                         "udp-no-reply")
            ctx.expect_reply(reply, message, server=server)


@check("udp-server/max-datagram", 10, "an 8 KiB datagram is answered whole, in one datagram")
def max_datagram(ctx):
    server = ctx.start_server("udp")
    message = bytes(ord("A") + i % 26 for i in range(protocol.MAX_DATAGRAM))
    reply, _ = ask(ctx, ctx.datagrams(), server, message)
    ctx.expect(reply is not None, "a reply to an 8 KiB datagram", "udp-truncated-datagram")
    if reply.startswith(protocol.PREFIX) and len(reply) < protocol.reply_length(message):
        ctx.fail("a reply of {} bytes".format(protocol.reply_length(message)), "udp-truncated-datagram")
    ctx.expect_reply(reply, message, server=server)


@check("udp-server/empty-datagram", 10, "an empty datagram is answered with \"at TIMESTAMP :\"")
def empty_datagram(ctx):
    server = ctx.start_server("udp")
    endpoint = ctx.datagrams()
    expect_answer(ctx, endpoint, server, b"")
    expect_answer(ctx, endpoint, server, b"and still answering")


@check("udp-server/busy-port", 5,
       "a second server on a port in use exits with status 1 and \"cannot bind HOST:PORT: ...\" on stderr")
def busy_port(ctx):
    expect_busy_port_refused(ctx, ctx.start_server("udp"))


@check("udp-server/clean-shutdown", 5, "on SIGTERM (Ctrl+Break on Windows) it exits with status 0 within 2 s")
def clean_shutdown(ctx):
    server = ctx.start_server("udp")
    reply, _ = ask(ctx, ctx.datagrams(), server, b"hello")
    ctx.expect(reply is not None, "a reply to \"hello\" (any reply will do here)", "udp-no-reply")
    expect_clean_stop(ctx, server)
