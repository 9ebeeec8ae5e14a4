"""udp-server/: the harness sends datagrams to a UDP timestamp server; each one is a
message, and its reply must come back to the socket that sent it."""

import time

from .. import protocol, wire
from . import SERVER, check, expect


@check("udp-server/starts", 10, "it prints \"listening on HOST:PORT\" and answers a datagram", needs=SERVER)
def starts(ctx):
    server = ctx.start_server("udp")
    reply, _ = expect.ask(ctx, ctx.datagrams(), server, b"hello")
    ctx.expect(reply is not None, "a reply to a datagram", "udp-no-reply")


@check("udp-server/reply-format", 15, "a datagram gets back exactly \"at TIMESTAMP :MESSAGE\"", needs=SERVER)
def reply_format(ctx):
    server = ctx.start_server("udp")
    expect.datagram_answer(ctx, ctx.datagrams(), server, b"hello")


@check("udp-server/timestamp", 10, "the timestamp is the local time of each reply, in the layout of C's ctime()",
       needs=SERVER, waits=True)
def timestamp(ctx):
    server = ctx.start_server("udp")
    endpoint = ctx.datagrams()
    sent_at = time.time()
    reply = expect.datagram_answer(ctx, endpoint, server, b"what time is it?")
    expect.current_timestamp(ctx, reply, sent_at, time.time())
    expect.clock_advances(ctx, reply, lambda: expect.datagram_answer(ctx, endpoint, server, b"and now?"))


@check("udp-server/payload-verbatim", 10,
       "the message comes back byte for byte: spaces, UTF-8, NUL and 0xFF bytes", needs=SERVER)
def payload_verbatim(ctx):
    server = ctx.start_server("udp")
    endpoint = ctx.datagrams()
    for message in expect.PAYLOADS:
        expect.datagram_answer(ctx, endpoint, server, message)


@check("udp-server/multiple-clients", 15, "replies go to the sender of each datagram, with clients taking turns",
       needs=SERVER)
def multiple_clients(ctx):
    server = ctx.start_server("udp")
    alice, bob = ctx.datagrams("client A"), ctx.datagrams("client B")
    for round_ in (1, 2):
        for endpoint, other in ((alice, bob), (bob, alice)):
            message = "{} message {}".format(endpoint.name, round_).encode()
            reply, _ = expect.ask(ctx, endpoint, server, message)
            if reply is None:
                stray, _ = other.receive(0.2)
                if stray is not None:
                    ctx.fail("the reply to {}'s datagram at {}, not at {}".format(
                        endpoint.name, wire.address_text(endpoint.address),
                        wire.address_text(other.address)), "udp-wrong-address")
                ctx.fail("a reply at {}, the sender of the datagram".format(wire.address_text(endpoint.address)),
                         "udp-no-reply")
            expect.right_reply(ctx, reply, message, server=server)


@check("udp-server/max-datagram", 10, "an 8 KiB datagram is answered whole, in one datagram", needs=SERVER)
def max_datagram(ctx):
    server = ctx.start_server("udp")
    message = bytes(ord("A") + i % 26 for i in range(protocol.MAX_DATAGRAM))
    reply, _ = expect.ask(ctx, ctx.datagrams(), server, message)
    ctx.expect(reply is not None, "a reply to an 8 KiB datagram", "udp-truncated-datagram")
    if reply.startswith(protocol.PREFIX) and len(reply) < protocol.reply_length(message):
        ctx.fail("a reply of {} bytes".format(protocol.reply_length(message)), "udp-truncated-datagram")
    expect.right_reply(ctx, reply, message, server=server)


@check("udp-server/empty-datagram", 10, "an empty datagram is answered with \"at TIMESTAMP :\"", needs=SERVER)
def empty_datagram(ctx):
    server = ctx.start_server("udp")
    endpoint = ctx.datagrams()
    expect.datagram_answer(ctx, endpoint, server, b"")
    expect.datagram_answer(ctx, endpoint, server, b"and still answering")


@check("udp-server/busy-port", 5,
       "a second server on a port in use exits with status 1 and \"cannot bind HOST:PORT: ...\" on stderr",
       needs=SERVER)
def busy_port(ctx):
    expect.busy_port_refused(ctx, ctx.start_server("udp"), "udp")


@check("udp-server/clean-shutdown", 5, "on SIGTERM (Ctrl+Break on Windows) it exits with status 0 within 2 s",
       needs=SERVER)
def clean_shutdown(ctx):
    server = ctx.start_server("udp")
    reply, _ = expect.ask(ctx, ctx.datagrams(), server, b"hello")
    ctx.expect(reply is not None, "a reply to \"hello\" (any reply will do here)", "udp-no-reply")
    expect.clean_stop(ctx, server)
