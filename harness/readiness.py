"""How the harness knows that a server under test is ready: it prints its listening line
("listening on 127.0.0.1:40001", or its socket's path), or, a server that cannot be told its
port, it answers on its fixed port. Until then, a check waits; what went wrong instead
(it exited, printed too much, or listens without saying so) fails it with its hint."""

import time

from . import sandbox, wire
from .errors import NeverGotGoing
from .streams import OUTPUT_CAP

LISTENING_LINE = rb"^listening on (\S+):(\d+)\r?$"
LISTENING_PATH_LINE = rb"^listening on (.+?)\r?$"
EXITING = 0.5  # seconds a program whose stdout has ended is given to be gone


def expect_listening_line(ctx, program, pattern):
    """Waits for the server's listening line (`pattern`); returns its match."""
    match = program.wait_for_line(pattern, ctx.timing.start)
    if match is None:
        program.wait(EXITING)  # (its stdout ends as it exits: it may not have been reaped yet)
        if program.exited():
            ctx.fail("the server to print \"listening on ...\" and keep running; "
                     "it {} first".format(program.describe_exit()), "exited-early")
        if program.stdout.truncated:
            ctx.fail("\"listening on ...\" first on stdout; it printed more than {} MiB without it (the "
                     "harness keeps no more)".format(OUTPUT_CAP >> 20), "no-listening-line")
        bound = sandbox.bound_addresses(pid for pid, _ in sandbox.left_running(ctx.mark))
        if bound:
            ctx.step("the OS shows it listening on {}, but its stdout holds {}".format(
                ", ".join(bound), wire.show(program.stdout.data())))
            raise NeverGotGoing("\"listening on ...\" on stdout within {:g} s".format(ctx.timing.start),
                                "listening-line-unflushed", "server")
        raise NeverGotGoing("\"listening on ...\" on stdout within {:g} s".format(ctx.timing.start),
                            "no-listening-line", "server")
    ctx.step("it printed \"{}\"".format(match.group(0).decode("utf-8", "replace").rstrip()), role=ctx.role(program))
    return match


def wait_until_answering(ctx, program, kind, address):
    """A server with a fixed port prints no port: it is probed there until it answers."""
    deadline, probes = time.monotonic() + ctx.timing.start, 0
    while time.monotonic() < deadline and not program.exited():
        probes += 1
        if wire.answers_probe(kind, address):
            ctx.step("it {} on {} (the command takes no {{port}}: the harness probed the fixed port)".format(
                "accepted a connection" if kind == "tcp" else "answered a datagram", wire.address_text(address)))
            return
    if program.exited() and probes and kind == "udp":
        ctx.fail("the server to keep running when the harness probed it with a datagram, \"probe\"; it "
                 "{}".format(program.describe_exit()), "dies-on-probe")
    if program.exited():
        ctx.fail("the server to keep running; it {}".format(program.describe_exit()), "exited-early")
    raise NeverGotGoing("the server to answer on {} within {:g} s".format(
        wire.address_text(address), ctx.timing.start), "no-answer-on-fixed-port", "server")
