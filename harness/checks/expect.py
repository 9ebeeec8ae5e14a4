"""What the checks expect of the protocol, said once: a reply is "at TIMESTAMP :MESSAGE"
(its timestamp the local time now), a client prints each reply on a line of its own, and
a server under load answers every message. Each function drives or judges through a
Context, and fails the check (ctx.fail) with the hint of what went wrong."""

import json
import re
import time

from .. import protocol, readiness, wire
from ..errors import HarnessError
from ..process import Program

PROMPT = re.compile(r"^(?:> ?)+")  # the seed's clients print ">" before each line they read
PAYLOADS = [
    b"two  spaces and a trailing one ",
    "UTF-8: 中文 ñ €".encode("utf-8"),
    b"a NUL\0in the middle",
    b"bytes that are not UTF-8: \xff\xfe\x80",
]
TRIES = 3  # a datagram may be lost even on loopback (a full buffer): the harness asks again
# What a client that did not exit did wrong, (if it spun, if it hung), by what it should have exited after:
# A client that got a reply and, still running, printed nothing of it: it waits to read more.
BLOCKED_READING = "client-blocked-reading"
AFTER_EMPTY_LINE = ("client-keeps-going", "client-keeps-going")
AT_END_OF_INPUT = ("client-spins-at-eof", "client-hangs")
AFTER_SERVER_CLOSED = ("client-spins-when-closed", "client-misses-close")


def send_and_receive(ctx, connection, message):
    """Sends `message` (a line, if the protocol is framed) and reads what comes back,
    without judging it: (reply, closed)."""
    try:
        connection.send(message + ctx.line_end)
    except OSError as error:
        ctx.step("could not send: {}".format(error.strerror or error))
        return b"", True
    return connection.receive(protocol.reply_length(message) + len(ctx.line_end), ctx.timing.reply,
                              ctx.timing.quiet)


def exchange(ctx, connection, message, server=None):
    """Sends `message` and checks that the reply is "at TIMESTAMP :message"."""
    reply, closed = send_and_receive(ctx, connection, message)
    right_reply(ctx, reply, message, closed, server, earlier=connection.sent[:-1])
    return reply


def right_reply(ctx, reply, message, closed=False, server=None, earlier=()):
    expected = "\"at \" + a 24-character timestamp + \" :\" + {}{}".format(
        wire.show(message), " + \"\\n\"" if ctx.subject.lines else "")
    if ctx.subject.lines and reply:
        if not reply.endswith(b"\n"):
            ctx.fail("the reply to be {}".format(expected), "line-reply-end")
        reply = reply[:-1]
    hint_id = protocol.diagnose_reply(reply, message, [sent[:len(sent) - len(ctx.line_end)] for sent in earlier])
    if hint_id is None:
        return
    if hint_id == "small-buffer" and ctx.subject.lines:
        hint_id = "byte-stream"  # a line answered in pieces: a reply per recv(), not per line
    if not reply and closed:
        hint_id = "closed-without-reply"
        if gone_hint(server, None):
            ctx.fail("a reply {}; the server {}".format(expected, server.program.describe_exit()),
                     "server-ended-loop" if server.program.poll() == 0 else hint_id)
    ctx.fail("the reply to be {}".format(expected), hint_id)


def _timestamp(ctx, reply):
    """The timestamp bytes of a reply (its line end aside), or None if it has not the layout."""
    parts = protocol.split_reply(reply[:len(reply) - len(ctx.line_end)])
    return parts[0] if parts else None


def current_timestamp(ctx, reply, sent_at, received_at):
    stamp = _timestamp(ctx, reply)
    problem = protocol.timestamp_problem(stamp, sent_at, received_at)
    if problem is not None:
        ctx.fail("the timestamp {} to be the local time now, in ctime's layout, e.g. \"{}\"".format(
            wire.show(stamp), protocol.ctime()), problem)


def clock_advances(ctx, first_reply, ask_again):
    """Each reply carries the time it was made: after a wait into the next second, the same
    client asks again (ask_again() returns the reply), and the new timestamp must be later.
    A timestamp computed once (before the loop, per connection, per client) would not be."""
    wait = 1.05 - time.time() % 1.0
    ctx.step("waited {:.2f} s, into the next second".format(wait))
    time.sleep(wait)
    stamps = [_timestamp(ctx, reply) for reply in (first_reply, ask_again())]
    first, second = (protocol.timestamp_fields(stamp) if stamp else None for stamp in stamps)
    if first is not None and second is not None and second <= first:
        ctx.fail("the second reply's timestamp to be later than the first's, a second later; they say {}, then "
                 "{}".format(wire.show(stamps[0]), wire.show(stamps[1])), "timestamp-once")


def wait_for_reply_line(ctx, program, message, suffix=b"", timeout=None):
    """Waits until the client prints the reply to `message`, with any timestamp and then
    `suffix`, on a line of its own (after a prompt ">" if any). Returns the line, or None
    once the time is up or the client has printed a whole line that is the reply gone wrong."""
    head = protocol.PREFIX
    tail = protocol.SEPARATOR + message + suffix
    pattern = rb"^(?:> ?)*" + re.escape(head) + rb".{24}" + re.escape(tail) + rb"\r?$"
    wrong = rb"^.*" + re.escape(protocol.SEPARATOR + message[:64]) + rb".*\n"
    found = program.wait_for_line(pattern + rb"|" + wrong, ctx.timing.reply if timeout is None else timeout)
    if found is not None and not re.match(pattern, found.group(0).rstrip(b"\n")):
        found = None
    if found is None:
        ctx.step("its stdout: {}".format(wire.show(program.stdout.data())), role=ctx.role(program))
        return None
    line = PROMPT.sub("", found.group(0).rstrip(b"\r").decode("utf-8", "surrogateescape"))
    ctx.step("it printed {}".format(wire.show(line.encode("utf-8", "surrogateescape"))), role=ctx.role(program))
    return line


def output_problem(printed, message, suffix=b""):
    """The hint id of what went wrong when a client printed `printed` (its stdout) but not
    the reply to `message` (+ `suffix`) as it should: None if nothing the harness knows."""
    if re.search(rb"(?m)^(?:> ?)*b['\"]at ", printed):
        return "client-prints-bytes"
    try:
        garbled = message.decode("utf-8").encode("utf-8").decode("latin-1").encode("utf-8")
    except UnicodeDecodeError:
        garbled = message
    if garbled != message and protocol.SEPARATOR + garbled in printed:
        return "client-mojibake"
    if suffix and re.search(re.escape(protocol.SEPARATOR + message) + rb"\r?$", printed, re.M):
        return "udp-client-no-from"
    return None


def run_load(ctx, server, connections, messages, idle=0, udp=False, time_limit=None, size=64):
    """Runs the harness's load client against `server`: `connections` clients at once
    (after `idle` connections that say nothing), `messages` messages of `size` bytes
    each, ping-pong. Returns its report (a dict); the wrong reply it saw first is
    decoded to bytes."""
    time_limit = time_limit or ctx.timing.reply * 5
    if not ctx.subject.load_client:
        raise HarnessError(ctx.subject.load_client_error or "the harness's load_client was not built")
    argv = [ctx.subject.load_client, "--host", server.address[0],
            "--port", str(server.address[1]), "--connections", str(connections), "--messages", str(messages),
            "--size", str(size), "--idle", str(idle), "--time-limit", "{:g}".format(time_limit)]
    argv += ["--udp"] if udp else []
    with Program(argv, name="load_client") as load:
        status = load.wait(time_limit + 10)
        if status is None:
            raise HarnessError("load_client did not finish within {:g} s".format(time_limit + 10))
        try:
            report = json.loads(load.stdout.text())
        except ValueError:
            raise HarnessError("load_client failed ({}): {}".format(load.describe_exit(),
                                                                    load.stderr.text().strip()[-500:])) from None
    for key in ("first_message", "first_reply"):
        report[key] = report[key].encode("latin-1")  # the load client wrote each byte as a code point
    ctx.step("{}{} {} clients at once{}, {} messages each: {} right replies of {} in {:.2f} s; a reply took "
             "{:.1f} ms at the median, {:.1f} ms at the 99th percentile, {:.1f} ms at most".format(
                  "UDP: " if udp else "", "load_client:", connections,
                  " beside {} silent connections".format(idle) if idle else "", messages, report["replies"],
                  report["expected"], report["seconds"], report["latency_ms"]["p50"], report["latency_ms"]["p99"],
                  report["latency_ms"]["max"]))
    return report


def load_served(ctx, report, slowest_allowed=None):
    """Fails with the first problem of a load_client run, if it had one."""
    if report["first_reply"] or report["first_message"]:
        wrong_reply, message = report["first_reply"], report["first_message"]
        hint_id = protocol.diagnose_reply(wrong_reply, message) or "message-changed"
        if not wrong_reply:  # the connection ended before any reply came
            hint_id = "load-connections-failed"
        ours, theirs = (re.search(pattern, text) for pattern, text in ((rb"^client (\d+) ", message),
                                                                       (rb" :client (\d+) message ", wrong_reply)))
        if ours and theirs and ours.group(1) != theirs.group(1):
            ctx.fail("every reply right; client {} got client {}'s: the reply to {} was {}".format(
                ours.group(1).decode(), theirs.group(1).decode(), wire.show(message), wire.show(wrong_reply)),
                "replies-crossed")
        ctx.fail("every reply right; the reply to {} was {}".format(wire.show(message), wire.show(wrong_reply)),
                 hint_id)
    if report["replies"] < report["expected"]:
        ctx.fail("a reply to every message; {}".format(report["first_problem"] or "time ran out"),
                 "one-client-at-a-time")
    if slowest_allowed is not None:
        limit = slowest_allowed * ctx.timing.scale
        ctx.expect(report["latency_ms"]["max"] <= limit * 1000,
                   "every reply within {:g} s".format(limit), "one-client-at-a-time")


def crashed_at_end_of_input(ctx, program):
    """True if a Python client died of EOFError, as the seed's do when stdin ends."""
    stderr = program.stderr.text()
    return "Traceback" in stderr and "EOFError" in stderr


# --- servers


def gone_hint(server, otherwise):
    """Why `server` is not there, if it has gone: it ended its loop (exited with status 0, on
    its own), or it exited or crashed (server-exited). Else `otherwise`. A server that just
    closed a connection may be exiting: it is given a moment (0.2 s)."""
    status = server.program.wait(0.2) if server is not None else None
    if status is None:
        return otherwise
    return "server-ended-loop" if status == 0 else "server-exited"


def busy_port_refused(ctx, server, kind="tcp"):
    """Starts the server's command again on the port the first one (a "tcp" or "udp"
    server) holds."""
    host, port = server.address
    second = ctx.start(ctx.subject.server, host=host, port=port)
    status = second.wait(ctx.timing.exit)
    if server.program.exited():  # then the port was free again: what the second did tells nothing
        ctx.fail("the first server to keep running, holding {}:{}; it {} first".format(
            host, port, server.program.describe_exit()), gone_hint(server, "server-exited"))
    elsewhere = re.search(readiness.LISTENING_LINE, second.stdout.data(), re.M)
    if status is None and elsewhere and int(elsewhere.group(2)) != port:
        ctx.step("the second server printed \"{}\"".format(elsewhere.group(0).decode("utf-8", "replace").strip()))
        ctx.fail("a second server on {}:{} to fail, as the port is in use; it runs on another port".format(
            host, port), "bind-unchecked")
    if status is None:
        # Two TCP sockets bound with SO_REUSEADDR may share a port while neither listens.
        listens = kind != "tcp" or wire.answers_probe("tcp", server.address)
        ctx.fail("a second server on {}:{} to fail, as the port is in use; it is running{}".format(
            host, port, "" if listens else ", and the first accepts no connection there"),
            "busy-port-shared" if listens else "not-accepting")
    ctx.step("the second server {}".format(second.describe_exit()))
    expected = "cannot bind {}:{}".format(host, port)
    ctx.expect(any(line.startswith(expected) for line in second.stderr.text().splitlines()),
               "a line \"{}: Address already in use\" on its stderr".format(expected), "bind-error-message")
    ctx.expect(status == 1, "exit status 1 for the second server", "bind-error-message")


def clean_stop(ctx, server):
    """Asks the server to stop and expects exit status 0 within the time allowed."""
    under_wine = ctx.subject.under_wine
    ctx.step("asked the server to stop ({})".format(
        "SIGINT, which Wine turns into Ctrl+C; Wine kills a program on SIGTERM" if under_wine
        else "SIGTERM; Ctrl+Break on Windows"))
    status, took = server.program.stop(ctx.timing.stop, interrupt=under_wine)
    if status is None:
        ctx.step("it was still running {:g} s later, and was killed".format(ctx.timing.stop))
        ctx.fail("the server to exit within {:g} s of SIGTERM".format(ctx.timing.stop), "ignores-sigterm")
    ctx.step("it {} after {:.2f} s".format(server.program.describe_exit(), took))
    if status < 0:
        ctx.fail("exit status 0 after SIGTERM", "killed-by-signal")
    ctx.expect(status == 0, "exit status 0 after SIGTERM", "stop-status")
    left = ctx.running_outside()
    if left and not under_wine:  # (Wine's own processes outlive a program by design)
        ctx.fail("nothing the server started to be left running once it exited; {} still ran".format(
            ", ".join("{} (pid {})".format(name, pid) for pid, name in left)), "left-process")


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


def datagram_answer(ctx, endpoint, server, message):
    """Asks `message` of a UDP server and expects the right reply; returns it."""
    reply, _ = ask(ctx, endpoint, server, message)
    if reply is None:
        if server.program.exited():
            ctx.fail("a reply; the server {}".format(server.program.describe_exit()))
        ctx.fail("a reply datagram at {} (asked {} times)".format(wire.address_text(endpoint.address), TRIES),
                 "udp-no-reply")
    right_reply(ctx, reply, message, server=server)
    return reply


# --- what an earlier check of the same programs found: not waited for in full again


def found(ctx, hint_id):
    """Records that this check found the programs making the mistake `hint_id`."""
    ctx.subject.findings.setdefault(hint_id, ctx.check_id)


def found_before(ctx, hint_id):
    """The earlier check that found the programs making the mistake `hint_id`, or None."""
    found_by = ctx.subject.findings.get(hint_id)
    return found_by if found_by != ctx.check_id else None


def wait_unless_found(ctx, hint_id, timeout):
    """How long to wait for what the mistake `hint_id` prevents: `timeout`, or only a
    glance once an earlier check found that mistake (the story says so)."""
    found_by = found_before(ctx, hint_id)
    if found_by is None or ctx.timing.glance >= timeout:
        return timeout
    ctx.step("{} found the mistake behind this already: waiting {:g} s, not {:g} s".format(
        found_by, ctx.timing.glance, timeout))
    return ctx.timing.glance
