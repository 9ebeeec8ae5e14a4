"""name-client/ and dual-server/: names and IPv6 (lab 10). A client given a name tries each
of the name's addresses in turn until one connects; a server listens on every address of
its --host, IPv6 and IPv4 at once, and prints each client's address as what it is.

Where each check has a sandbox, localhost is ::1 and 127.0.0.1 (harness/hosts); elsewhere
it is what the machine says, and a check that needs two addresses says so if it has one."""

import contextlib
import re
import socket
import time

from .. import wire
from ..errors import CheckFailed, CheckSkipped
from ..subject import Server
from . import check, CLIENT, SERVER, SHORT_IO, expect
from .tcp_client import expect_printed_reply, expect_sent

IPV6_LOOPBACK = "::1"
UNKNOWN_NAME = "no-such-host.invalid"  # .invalid: a name no resolver may ever resolve (RFC 2606)


def _need_ipv6():
    """Skips the check where loopback has no IPv6 (a container without it: Docker's default)."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind((IPV6_LOOPBACK, 0))
    except OSError as error:
        raise CheckSkipped("this machine's loopback has no IPv6 address (binding ::1 fails: {}): the IPv6 "
                           "checks run where it has one".format(error.strerror or error)) from None


def _localhost(ctx):
    """The addresses of localhost, in the order getaddrinfo() gives them here (the same
    resolver as the programs'), told in a step; the check is skipped if one is IPv6 and
    loopback has no IPv6."""
    found = []
    for *_, address in socket.getaddrinfo("localhost", None, socket.AF_UNSPEC, socket.SOCK_STREAM):
        if address[0] not in found:
            found.append(address[0])
    ctx.step("localhost is {} here".format(" and ".join(found)))
    if any(":" in address for address in found):
        _need_ipv6()
    return found


# --- the client


@check("name-client/ipv6", 10, "given --host ::1, it connects over IPv6, sends the line and prints the reply",
       needs=CLIENT)
def client_ipv6(ctx):
    _need_ipv6()
    server = ctx.fake_tcp_server(at=(IPV6_LOOPBACK, 0))
    client = ctx.start_client(server.address, stdin=b"hello\n", close_stdin=False)
    # A client that gives up on ::1 itself ("cannot resolve ::1", "cannot connect to [::1]:...") is IPv4-only.
    with _told_as("client-ipv4-only", "client-exited-early", "client-no-connect",
                  when=lambda: IPV6_LOOPBACK in client.stderr.text()):
        _talk(ctx, server, client)


@check("name-client/localhost", 10,
       "given --host localhost, it connects to one of localhost's addresses (the harness listens on each) and "
       "prints the reply", needs=CLIENT)
def client_localhost(ctx):
    addresses = _localhost(ctx)
    first = ctx.fake_tcp_server(at=(addresses[0], 0))
    port = first.address[1]
    servers = [first] + [ctx.fake_tcp_server(at=(address, port)) for address in addresses[1:]]
    client = ctx.start_client(("localhost", port), stdin=b"hello\n", close_stdin=False)
    deadline = time.monotonic() + ctx.timing.start
    while time.monotonic() < deadline and not client.exited():  # bounded: the start time
        for server in servers:
            if server.wait_for_connection(0.01, client):
                return _talk(ctx, server, client)
    with _told_as("client-ipv4-only", "client-exited-early", when=lambda: IPV6_LOOPBACK in client.stderr.text()):
        ctx.client_never_got_going(client, "a connection to localhost:{}".format(port), "client-no-connect")


@check("name-client/falls-back", 10,
       "given a name whose first address refuses the connection, it tries the next one, connects and prints the "
       "reply", needs=CLIENT)
def client_falls_back(ctx):
    addresses = _localhost(ctx)
    if len(addresses) < 2:
        raise CheckSkipped("localhost has one address here, so no second one to fall back to: this check runs in "
                           "the harness's sandbox (Linux), where localhost is ::1 and 127.0.0.1")
    server = ctx.fake_tcp_server(at=(addresses[1], 0))
    port = server.address[1]
    refusing = ctx.hold(wire.stream_socket((addresses[0], port)))
    refusing.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    wire.bind(refusing, (addresses[0], port))  # bound, not listening: a connection to it is refused
    ctx.step("nothing listens on {}: the harness holds it without listening".format(
        wire.address_text((addresses[0], port))))
    client = ctx.start_client(("localhost", port), stdin=b"hello\n", close_stdin=False)
    refused = wire.address_text((addresses[0], port))
    if not server.wait_for_connection(ctx.timing.start, client):
        if client.exited() and "cannot connect to " + refused in client.stderr.text():
            ctx.fail("a try of the next address, {}, after {} refused; the client {} first".format(
                wire.address_text(server.address), refused, client.describe_exit()), "client-no-fallback")
        ctx.client_never_got_going(client, "a connection to {}, the second address, after {} refused".format(
            wire.address_text(server.address), refused), "client-no-fallback")
    _talk(ctx, server, client)


@check("name-client/unknown-name", 10,
       "a name that cannot be resolved gives \"cannot resolve NAME: REASON\" on stderr (getaddrinfo's reason) and "
       "exit status 1", needs=CLIENT)
def client_unknown_name(ctx):
    client = ctx.start_client((UNKNOWN_NAME, 9), stdin=b"hello\n", close_stdin=False)
    status = ctx.wait_for_exit(client, ctx.timing.start, "when its --host cannot be resolved")
    expected = "cannot resolve {}: ".format(UNKNOWN_NAME)
    said = [line[len(expected):].strip() for line in client.stderr.text().splitlines() if line.startswith(expected)]
    ctx.expect(said and said[0], "a line \"{}REASON\" on stderr".format(expected), "client-resolve-message")
    reason = _resolver_says(UNKNOWN_NAME)
    if reason and not ctx.subject.under_wine and said[0] != reason:  # (Wine's resolver has words of its own)
        ctx.fail("the reason getaddrinfo() gave, \"{}\" here (gai_strerror()); it said \"{}\"".format(
            reason, said[0]), "client-resolve-message")
    ctx.expect(status == 1, "exit status 1 when the name cannot be resolved", "client-exit-status")


def _resolver_says(name):
    """What gai_strerror() says here of `name`, which cannot be resolved: Python's
    getaddrinfo() is the C library's, and its error the same words (None if it resolves)."""
    try:
        socket.getaddrinfo(name, 9, socket.AF_UNSPEC, socket.SOCK_STREAM)
    except socket.gaierror as error:
        return error.strerror
    return None


def _talk(ctx, server, client):
    expect_sent(ctx, server, client, b"hello")
    expect_printed_reply(ctx, client, b"hello")


# --- the server


@check("dual-server/localhost", 10,
       "started with --host localhost, it answers at each of localhost's addresses (IPv6 and IPv4) and prints each "
       "client's address as it is", needs=SERVER)
def server_localhost(ctx):
    addresses = _localhost(ctx)
    with _told_as("server-one-family", "exited-early", when=lambda: _could_not_listen(ctx)):
        server = ctx.start_server("tcp", host="localhost")
    _answers_each(ctx, server, addresses, "server-one-family")


@check("dual-server/any-address", 10,
       "started with --host ::, its one IPv6 socket takes IPv4 clients too (IPV6_V6ONLY set off, as Windows' "
       "default is on), and it prints an IPv4 client as 127.0.0.1:PORT", needs=(SERVER[0], SHORT_IO))
def server_any_address(ctx):
    _need_ipv6()
    # Linux makes an IPv6 socket dual-stack by default, Windows (and Wine) IPv6-only: the
    # harness makes it IPv6-only here too, so that a server that leaves it unset shows.
    mode = "v6only" if ctx.subject.short_io and not ctx.subject.under_wine else False
    if not mode and not ctx.subject.under_wine:
        ctx.step("note: the harness cannot make IPv6 sockets IPv6-only by default here ({}): a server that leaves "
                 "IPV6_V6ONLY unset passes here and fails on Windows".format(
                     ctx.subject.short_io_error or "no library"))
    with _told_as("server-one-family", "exited-early", when=lambda: _could_not_listen(ctx)):
        server = ctx.start_server("tcp", host="::", short_io=mode)
    _answers_each(ctx, server, [IPV6_LOOPBACK, wire.LOOPBACK], "v6only-default")


def _could_not_listen(ctx):
    """Whether the server told on stderr that it could not resolve, make or bind a socket."""
    said = ctx.server_stderr()
    return any(words in said for words in ("cannot resolve", "cannot create a socket", "cannot bind"))


def _answers_each(ctx, server, hosts, hint_id):
    """Connects to the server's port at each of `hosts` in turn, exchanges a message and
    closes (a refused connection fails with `hint_id`), and expects its stdout to name each
    connection by the harness's own address."""
    for host in hosts:
        with _told_as(hint_id, "not-accepting"):
            connection = ctx.connect(Server(server.program, (host, server.address[1])))
        expect.exchange(ctx, connection, "hello over IPv{}".format(6 if ":" in host else 4).encode(), server)
        line = "connection from : {}".format(wire.address_text(connection.sock.getsockname()[:2]))
        connection.close()  # (a server of lab 01's kind serves one client at a time per socket)
        if server.program.wait_for_line(rb"^" + re.escape(line.encode()) + rb"\r?$", ctx.timing.reply) is None:
            printed = re.findall(rb"(?m)^connection from.*$", server.program.stdout.data())
            ctx.step("its stdout's lines of connections: {}".format(", ".join(map(wire.show, printed)) or "none"))
            ctx.fail("the line \"{}\" on its stdout".format(line), "client-address-printed-wrong")


@contextlib.contextmanager
def _told_as(hint_id, *instead_of, when=lambda: True):
    """Within it, what fails with one of the hints `instead_of` fails with `hint_id` (if
    when() says so then): the same symptom, in this check, has a cause of its own."""
    try:
        yield
    except CheckFailed as failed:
        if failed.hint_id in instead_of and when():
            raise CheckFailed(failed.expectation, hint_id) from None
        raise
