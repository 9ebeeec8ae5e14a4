"""`bench`: servers side by side under the same load, so that a student sees what a
thread per connection, and asynchrony, buy. The load client makes the load; the table
shows messages per second, how long a reply took, and what each server held meanwhile: its
peak memory and its most threads (Linux). It says whose code it measured.

A laptop's speed drifts (other programs, heat, power saving), and a virtual machine's
more so. With --rounds N every server is measured N times, taking turns, and the table
shows each server's median round and the spread of the rounds."""

import sys
import threading
from dataclasses import dataclass, field

from . import labs, protocol, runner, sandbox, tools
from .build import Builder
from .checks import expect
from .context import Context
from .command import Command
from .errors import CheckFailed, HarnessError, UsageError
from .plan import lab_subject
from .report.text import TextReporter
from .subject import Subject, Timing


def run_bench(arguments, root):
    check_arguments(arguments)
    chosen = labs.find_labs([arguments.lab] + arguments.vs) if arguments.lab else []
    if not chosen and not arguments.cmd:
        raise UsageError("bench needs a lab (bench 09 --vs 06), or a server's command (--cmd \"...\")")
    commands = [Command(text) for text in arguments.cmd]
    for lab in chosen:
        if not lab.server or lab.unix or lab.lines:
            raise ValueError("lab {} has no server that speaks the raw protocol over TCP or UDP; "
                             "bench the labs 01, 03, 06, 08, 09 and 11".format(lab.folder))
    builder = Builder(root, arguments.preset)
    load = builder.build_target("load_client")
    if not load.ok:
        raise HarnessError("cannot build load_client:\n" + load.errors)
    load_client = tools.load_client(builder.build_dir)  # the one of this build tree, optimized like the servers
    print("{} clients at once, {} messages of {} bytes each, ping-pong, {} ({} build{})".format(
        arguments.connections, arguments.messages, arguments.size, "UDP" if arguments.udp else "TCP",
        arguments.preset, ", median of {} rounds".format(arguments.rounds) if arguments.rounds > 1 else ""),
        flush=True)
    if chosen:
        print("the code measured: {}".format(", ".join("{}/{}/{}.cpp".format(arguments.impl, lab.folder, lab.server)
                                                        for lab in chosen)) +
              (" (the reference solutions)" if arguments.impl == "solutions" else " (yours)"), flush=True)
    for number, text in enumerate(arguments.cmd, 1):
        print("the command measured as cmd{}: {}".format(number, text), flush=True)
    contenders = []
    at_work = None  # the contender being started or measured: its story is told if it fails
    try:
        for lab in chosen:
            outcome = builder.build_lab(arguments.impl, lab)
            if not outcome.ok:
                print("{}: does not build:\n{}".format(lab.folder, outcome.errors), file=sys.stderr)
                return 1
            udp = arguments.udp or lab.roles == ("udp-server",)
            subject = lab_subject(builder, arguments.impl, lab)
            subject.load_client = load_client
            at_work = Contender(lab.folder + (" (udp)" if udp else ""), udp, Context(subject, Timing()))
            contenders.append(at_work)
            at_work.server = at_work.ctx.start_server("udp" if udp else "tcp")
        for number, command in enumerate(commands, 1):
            subject = Subject(server=command, load_client=load_client)
            at_work = Contender("cmd{}{}".format(number, " (udp)" if arguments.udp else ""), arguments.udp,
                                Context(subject, Timing()))
            contenders.append(at_work)
            at_work.server = at_work.ctx.start_server("udp" if arguments.udp else "tcp")
        for number in range(1, arguments.rounds + 1):
            for at_work in contenders:  # taking turns: a drift slows every server alike
                with Watch(at_work.server.program.pid) as watch:
                    report = expect.run_load(at_work.ctx, at_work.server, arguments.connections, arguments.messages,
                                             udp=at_work.udp, size=arguments.size, time_limit=time_limit(arguments))
                report["peak_mib"], report["threads"] = watch.peak_mib, watch.threads
                expect.load_served(at_work.ctx, report)  # a wrong or missing reply ends the bench
                at_work.reports.append(report)
            if arguments.rounds > 1:
                print("round {}/{}: {}".format(number, arguments.rounds, ", ".join(
                    "{} {:,.0f} msg/s".format(contender.name, contender.reports[-1]["messages_per_second"])
                    for contender in contenders)), flush=True)
    except CheckFailed as failure:
        tell_failure(at_work, failure)
        return 1
    finally:
        for contender in contenders:
            contender.ctx.close()
    print_table(contenders)
    return 0


@dataclass
class Contender:
    name: str           # its row in the table: "09-asio-async", "03-udp-server (udp)"
    udp: bool
    ctx: Context
    server: object = None                        # started once, up until the end
    reports: list = field(default_factory=list)  # the load client's, a round each


class Watch:
    """While the load runs: the server's most threads (sampled every 20 ms) and its peak
    memory (the kernel's high-water mark of its resident memory). None off Linux."""

    def __init__(self, pid):
        self.pid, self.threads, self.peak_mib = pid, None, None
        self._done = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while True:
            status = sandbox.process_status(self.pid) or {}
            if "Threads" in status:
                self.threads = max(self.threads or 0, status["Threads"])
                self.peak_mib = status.get("VmHWM", 0) / 1024
            if self._done.wait(0.02):
                return

    def __enter__(self):
        self._sampler.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self._sampler.join()


def tell_failure(contender, failure):
    """On stderr, as `grade` tells a failed check: numbered steps, expectation, hint."""
    TextReporter(sys.stderr).tell(runner.judge(contender.ctx, "bench " + contender.name,
                                               "the server serves the load, every reply right", failure, 0))


def check_arguments(arguments):
    for name, value in (("--connections", arguments.connections), ("--messages", arguments.messages),
                        ("--size", arguments.size), ("--rounds", arguments.rounds)):
        if value < 1:
            raise ValueError("{} must be at least 1".format(name))
    if arguments.size > protocol.MAX_UNFRAMED_MESSAGE:
        raise ValueError("--size {}: a message is at most {} bytes (a server reads that much at a time, so a "
                         "longer one would come in pieces, each answered)".format(
                             arguments.size, protocol.MAX_UNFRAMED_MESSAGE))


def time_limit(arguments):
    """Generous: a slow server is measured, not cut short (the load client stops at it)."""
    return max(60.0, arguments.connections * arguments.messages / 2000)


def median_round(reports):
    return sorted(reports, key=lambda report: report["messages_per_second"])[(len(reports) - 1) // 2]


def print_table(contenders):
    """A row per server: its median round, and with several rounds the slowest and
    fastest round's messages per second."""
    several = any(len(contender.reports) > 1 for contender in contenders)
    header = ("server", "replies", "seconds", "msg/s", "p50 ms", "p99 ms", "max ms", "peak MiB", "threads") + \
        (("msg/s range",) if several else ())
    lines = [header]
    for contender in contenders:
        r = median_round(contender.reports)
        line = (contender.name, "{}/{}".format(r["replies"], r["expected"]), "{:.2f}".format(r["seconds"]),
                "{:,.0f}".format(r["messages_per_second"]), "{:.3f}".format(r["latency_ms"]["p50"]),
                "{:.3f}".format(r["latency_ms"]["p99"]), "{:.1f}".format(r["latency_ms"]["max"]),
                "-" if r.get("peak_mib") is None else "{:.1f}".format(max(report["peak_mib"] or 0 for report in
                                                                           contender.reports)),
                "-" if r.get("threads") is None else str(max(report["threads"] or 0 for report in contender.reports)))
        if several:
            speeds = [report["messages_per_second"] for report in contender.reports]
            line += ("{:,.0f}-{:,.0f}".format(min(speeds), max(speeds)),)
        lines.append(line)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                        for i, (cell, width) in enumerate(zip(line, widths))))
