"""pair/: the lab's own client against the lab's own server, as a user would run them."""

from .. import wire
from . import check, PAIR, expect

LINES = [b"hello", "中文".encode("utf-8"), b"one more"]


@check("pair/roundtrip", 10, "the lab's client, talking to the lab's server, prints a reply to every line", needs=PAIR)
def roundtrip(ctx):
    kind = "udp" if ctx.subject.client.takes("timeout") else "tcp"
    server = ctx.start_server(kind)
    client = ctx.start_client(server.address, stdin=b"".join(line + b"\n" for line in LINES))
    suffix = " from {}".format(wire.address_text(server.address)).encode() if kind == "udp" else b""
    wait = expect.wait_unless_found(ctx, expect.BLOCKED_READING, ctx.timing.reply)
    for line in LINES:
        if expect.wait_for_reply_line(ctx, client, line, suffix, wait) is None:
            blocked = expect.found_before(ctx, expect.BLOCKED_READING) and not client.exited()
            ctx.fail("the client to print the server's reply to {}".format(wire.show(line)),
                     expect.BLOCKED_READING if blocked else "client-output")
    status = ctx.wait_for_exit(client, ctx.timing.exit, "at the end of its input", expect.AT_END_OF_INPUT)
    ctx.expect(status == 0, "the client to exit with status 0 at the end of its input", "client-exit-status")
