"""tcp-server/many-clients: many clients at once, each with several messages, every reply
right and in order on its connection. The harness drives all the connections from one
thread with a selector, so it is never the bottleneck."""

import selectors
import socket
import time

from .. import hints, protocol, wire
from . import check

CLIENTS = 50
MESSAGES = 5
SLOWEST_ALLOWED = 1.0  # seconds, for one reply


class _Client:
    def __init__(self, number, sock):
        self.number = number
        self.sock = sock
        self.sent = 0            # messages sent so far
        self.replies = 0         # right replies received so far
        self.received = b""      # bytes of the reply being read
        self.sent_at = 0.0
        self.problem = None      # what went wrong on this connection, if anything

    def message(self):
        return "client {} message {}".format(self.number, self.sent).encode()


@check("tcp-server/many-clients", 10,
       "50 clients at once, 5 messages each: every reply right, in order, none later than 1 s")
def many_clients(ctx):
    run_many_clients(ctx, CLIENTS, MESSAGES)


def run_many_clients(ctx, clients, messages):
    server = ctx.start_server("tcp")
    selector = selectors.DefaultSelector()
    connections = []
    try:
        for number in range(1, clients + 1):
            try:
                sock = socket.create_connection(server.address, timeout=ctx.timing.reply)
            except OSError as error:
                ctx.fail("{} connections at once; connection {} failed: {}".format(
                    clients, number, error.strerror or error), "one-client-at-a-time")
            sock.setblocking(False)
            connections.append(_Client(number, sock))
        ctx.step("opened {} connections to {}".format(clients, wire.address_text(server.address)))
        started = time.monotonic()
        for client in connections:
            _send_next(client)
            selector.register(client.sock, selectors.EVENT_READ, client)
        slowest, done = _drive(ctx, selector, connections, messages)
        took = time.monotonic() - started
    finally:
        selector.close()
        for client in connections:
            client.sock.close()
    answered = sum(client.replies for client in connections)
    ctx.step("{} replies of {} in {:.2f} s; the slowest took {:.3f} s".format(
        answered, clients * messages, took, slowest))
    broken = [client for client in connections if client.problem]
    if broken:
        ctx.fail("every reply right, in order; on connection {}: {}".format(
            broken[0].number, broken[0].problem[0]), broken[0].problem[1])
    if done < clients:
        ctx.fail("all {} clients answered within {:g} s; {} were still waiting".format(
            clients, ctx.timing.reply * 5, clients - done), "one-client-at-a-time")
    ctx.expect(slowest <= SLOWEST_ALLOWED * ctx.timing.scale,
               "no reply later than {:g} s".format(SLOWEST_ALLOWED * ctx.timing.scale), "one-client-at-a-time")


def _send_next(client):
    client.sent += 1
    client.received = b""
    client.sent_at = time.monotonic()
    client.sock.sendall(client.message())


def _drive(ctx, selector, connections, messages):
    """Reads replies and sends the next messages until every client is done, one breaks,
    or time is up. Returns (slowest reply in seconds, clients done)."""
    deadline = time.monotonic() + ctx.timing.reply * 5
    slowest, done = 0.0, 0
    while done < len(connections) and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.1):
            client = key.data
            try:
                chunk = client.sock.recv(wire.RECEIVE_CHUNK)
            except OSError as error:
                chunk, client.problem = b"", ("the connection failed: {}".format(error), None)
            if not chunk:
                client.problem = client.problem or ("the server closed the connection after {} replies".format(
                    client.sent - 1), "one-message")
                selector.unregister(client.sock)
                return slowest, done
            client.received += chunk
            message = client.message()
            if len(client.received) < protocol.reply_length(message):
                continue
            slowest = max(slowest, time.monotonic() - client.sent_at)
            hint_id = hints.diagnose_reply(client.received, message)
            if hint_id is not None:
                client.problem = ("the reply to {} was {}".format(wire.show(message), wire.show(client.received)),
                                  hint_id)
                return slowest, done
            client.replies += 1
            if client.sent == messages:
                selector.unregister(client.sock)
                done += 1
            else:
                _send_next(client)
    return slowest, done
