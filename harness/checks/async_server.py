"""async-server/: a server that holds every client at once in one thread, on TCP and UDP
at the same port number. The load client drives the crowds."""

from .. import wire
from . import check
from .udp_server import ask


@check("async-server/many-clients", 10, "1000 TCP clients at once, 5 messages each: every reply right, in order")
def many_clients(ctx):
    server = ctx.start_server("tcp")
    ctx.expect_load_served(ctx.run_load(server, connections=1000, messages=5, time_limit=20 * ctx.timing.scale))


@check("async-server/idle-clients", 10,
       "500 connections that say nothing do not slow the others: 20 clients, every reply within 1 s")
def idle_clients(ctx):
    server = ctx.start_server("tcp")
    ctx.expect_load_served(ctx.run_load(server, connections=20, messages=20, idle=500), slowest_allowed=1.0)


@check("async-server/tcp-and-udp", 10, "TCP and UDP are served on the same port number, at the same time")
def tcp_and_udp(ctx):
    server = ctx.start_server("tcp")
    connection = ctx.connect(server)
    ctx.exchange(connection, b"over TCP", server)
    endpoint = ctx.datagrams()
    reply, _ = ask(ctx, endpoint, server, b"over UDP, on the same port")
    ctx.expect(reply is not None, "a UDP reply from {} while a TCP client is connected".format(
        wire.address_text(server.address)), "udp-no-reply")
    ctx.expect_reply(reply, b"over UDP, on the same port", server=server)
    ctx.exchange(connection, b"over TCP again", server)
