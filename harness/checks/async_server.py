"""async-server/: a server that holds every client at once in one thread, on TCP and UDP
at the same port number. The load client drives the crowds."""

from .. import wire
from . import check, SERVER, SERVER_AND_LOAD, expect


@check("async-server/many-clients", 10, "1000 TCP clients at once, 5 messages each: every reply right, in order",
       needs=SERVER_AND_LOAD)
def many_clients(ctx):
    server = ctx.start_server("tcp")
    report = expect.run_load(ctx, server, connections=1000, messages=5, time_limit=20 * ctx.timing.scale)
    expect.load_served(ctx, report)


@check("async-server/idle-clients", 10,
       "500 connections that say nothing do not slow the others: 20 clients, every reply within 1 s",
       needs=SERVER_AND_LOAD)
def idle_clients(ctx):
    server = ctx.start_server("tcp")
    expect.load_served(ctx, expect.run_load(ctx, server, connections=20, messages=20, idle=500), slowest_allowed=1.0)


@check("async-server/tcp-and-udp", 10, "TCP and UDP are served on the same port number, at the same time", needs=SERVER)
def tcp_and_udp(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    expect.exchange(ctx, connection, b"over TCP", server)
    endpoint = ctx.datagrams()
    reply, _ = expect.ask(ctx, endpoint, server, b"over UDP, on the same port")
    ctx.expect(reply is not None, "a UDP reply from {} while a TCP client is connected".format(
        wire.address_text(server.address)), "udp-no-reply")
    expect.right_reply(ctx, reply, b"over UDP, on the same port", server=server)
    expect.exchange(ctx, connection, b"over TCP again", server)
