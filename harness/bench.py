"""`bench`: servers side by side under the same load, so that a student sees what a
thread per connection, and asynchrony, buy. The load client makes the load; the table
shows messages per second and how long a reply took."""

import sys

from . import labs, tools
from .build import Builder
from .context import CheckFailed, Context, HarnessError, Timing


def run_bench(arguments, root):
    from .cli import lab_subject  # the commands of a lab's programs, as grading runs them
    for name, value in (("--connections", arguments.connections), ("--messages", arguments.messages)):
        if value < 1:
            raise ValueError("{} must be at least 1".format(name))
    chosen = labs.find_labs([arguments.lab] + arguments.vs)
    for lab in chosen:
        if not lab.server or lab.unix or lab.lines:
            raise ValueError("lab {} has no server that speaks the raw protocol over TCP or UDP; "
                             "bench the labs 01, 03, 06, 08 and 09".format(lab.folder))
    builder = Builder(root, arguments.preset)
    load = builder.build_target("load_client")
    if not load.ok:
        raise HarnessError("cannot build load_client:\n" + load.errors)
    tools.load_client(builder.build_dir)  # the one of this build tree, optimized like the servers
    print("{} clients at once, {} messages of {} bytes each, ping-pong, {} ({} build)".format(
        arguments.connections, arguments.messages, arguments.size, "UDP" if arguments.udp else "TCP",
        arguments.preset), flush=True)
    rows = []
    for lab in chosen:
        udp = arguments.udp or lab.roles == ("udp-server",)
        outcome = builder.build_lab(arguments.impl, lab)
        if not outcome.ok:
            print("{}: does not build:\n{}".format(lab.folder, outcome.errors), file=sys.stderr)
            return 1
        ctx = Context(lab_subject(builder, arguments.impl, lab), Timing())
        try:
            server = ctx.start_server("udp" if udp else "tcp")
            report = ctx.run_load(server, arguments.connections, arguments.messages, udp=udp,
                                  time_limit=max(60.0, arguments.connections * arguments.messages / 2000))
        except CheckFailed as failure:
            print("{}: {}".format(lab.folder, failure.expectation), file=sys.stderr)
            return 1
        finally:
            ctx.close()
        rows.append((lab.folder + (" (udp)" if udp else ""), report))
    print_table(rows)
    return 0 if all(report["replies"] == report["expected"] for _, report in rows) else 1


def print_table(rows):
    header = ("server", "replies", "seconds", "msg/s", "p50 ms", "p99 ms", "max ms")
    lines = [header] + [(name, "{}/{}".format(r["replies"], r["expected"]), "{:.2f}".format(r["seconds"]),
                         "{:,.0f}".format(r["messages_per_second"]), "{:.3f}".format(r["latency_ms"]["p50"]),
                         "{:.3f}".format(r["latency_ms"]["p99"]), "{:.1f}".format(r["latency_ms"]["max"]))
                        for name, r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print("  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                        for i, (cell, width) in enumerate(zip(line, widths))))
