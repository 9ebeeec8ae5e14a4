"""The labs and the roles that grade them.

A role is a list of checks that grade one kind of program (`check ROLE --cmd ...` runs
them on any program). A lab is a folder of programs, graded by the `builds` check and the
checks of its roles; its points are the checks' weights scaled to 100.
cmake/Labs.cmake lists the same labs and programs (a test checks that the two agree).
"""

import os
from dataclasses import dataclass
from typing import Optional, Tuple

from . import checks
from .checks import CATALOGUE

BUILDS = "builds"
BUILDS_WEIGHT = 10
BUILDS_PROVES = "the lab's programs compile (the first compiler errors are shown if not)"

# The one table of roles: each role's checks, in the order they run. Adding a check to a
# role is its function (in checks/) and its id here. A check of another role that fits is
# named by its own id (a threaded server is graded by tcp-server's checks); a check shared
# by name across roles is registered under each (@check's roles=: "unix-server/starts").
ROLES = {
    "tcp-server": [
        "tcp-server/starts", "tcp-server/reply-format", "tcp-server/timestamp", "tcp-server/payload-verbatim",
        "tcp-server/multiple-messages", "tcp-server/sequential-clients", "tcp-server/max-message",
        "tcp-server/client-abort", "tcp-server/clean-shutdown", "tcp-server/busy-port", "tcp-server/half-close"],
    "tcp-client": [
        "tcp-client/connects", "tcp-client/sends-line", "tcp-client/prints-reply", "tcp-client/utf8",
        "tcp-client/empty-line-quits", "tcp-client/eof-quits", "tcp-client/server-closed",
        "tcp-client/connection-refused"],
    "udp-server": [
        "udp-server/starts", "udp-server/reply-format", "udp-server/timestamp", "udp-server/payload-verbatim",
        "udp-server/multiple-clients", "udp-server/max-datagram", "udp-server/empty-datagram",
        "udp-server/busy-port", "udp-server/clean-shutdown"],
    "udp-client": [
        "udp-client/prints-reply", "udp-client/long-reply", "udp-client/timeout-retry", "udp-client/late-reply",
        "udp-client/no-server", "udp-client/empty-line-quits"],
    "unix-server": [
        "unix-server/starts", "unix-server/reply-format", "unix-server/timestamp",
        "unix-server/payload-verbatim", "unix-server/multiple-messages", "unix-server/sequential-clients",
        "unix-server/max-message", "unix-server/client-abort", "unix-server/clean-shutdown",
        "unix-server/socket-file-removed", "unix-server/stale-socket", "unix-server/keeps-other-files"],
    "unix-client": [
        "unix-client/connects", "unix-client/sends-line", "unix-client/prints-reply", "unix-client/utf8",
        "unix-client/empty-line-quits", "unix-client/eof-quits", "unix-client/server-closed",
        "unix-client/connection-refused"],
    "threaded-server": [
        "tcp-server/starts", "tcp-server/reply-format", "tcp-server/timestamp", "tcp-server/payload-verbatim",
        "tcp-server/multiple-messages", "tcp-server/sequential-clients", "tcp-server/max-message",
        "tcp-server/client-abort", "tcp-server/clean-shutdown", "tcp-server/busy-port",
        "tcp-server/concurrent-clients", "tcp-server/many-clients", "tcp-server/threads-end",
        "tcp-server/half-close", "tcp-server/out-of-descriptors", "tcp-server/pipelined"],
    "line-server": [
        "line-server/starts", "line-server/reply-format", "line-server/timestamp",
        "line-server/payload-verbatim", "line-server/multiple-messages", "line-server/sequential-clients",
        "line-server/client-abort", "line-server/clean-shutdown", "line-server/busy-port",
        "line-server/trickle", "line-server/coalesced", "line-server/split-line", "line-server/long-line",
        "line-server/half-close", "line-server/short-io"],
    "line-client": [
        "line-client/connects", "line-client/sends-line", "line-client/prints-reply", "line-client/utf8",
        "line-client/empty-line-quits", "line-client/eof-quits", "line-client/server-closed",
        "line-client/connection-refused", "line-client/reply-in-pieces", "line-client/long-line",
        "line-client/short-io"],
    "async-server": [
        "tcp-server/starts", "tcp-server/reply-format", "tcp-server/timestamp", "tcp-server/payload-verbatim",
        "tcp-server/multiple-messages", "tcp-server/sequential-clients", "tcp-server/max-message",
        "tcp-server/client-abort", "tcp-server/clean-shutdown", "tcp-server/busy-port", "udp-server/starts",
        "udp-server/reply-format", "udp-server/timestamp", "udp-server/payload-verbatim",
        "udp-server/multiple-clients", "udp-server/max-datagram", "udp-server/empty-datagram",
        "udp-server/busy-port", "udp-server/clean-shutdown", "tcp-server/concurrent-clients",
        "async-server/many-clients", "async-server/idle-clients", "async-server/tcp-and-udp",
        "tcp-server/half-close", "tcp-server/out-of-descriptors", "tcp-server/pipelined"],
    "poll-server": [
        "tcp-server/starts", "tcp-server/reply-format", "tcp-server/timestamp", "tcp-server/payload-verbatim",
        "tcp-server/multiple-messages", "tcp-server/sequential-clients", "tcp-server/max-message",
        "tcp-server/client-abort", "tcp-server/clean-shutdown", "tcp-server/busy-port",
        "tcp-server/concurrent-clients", "async-server/many-clients", "async-server/idle-clients",
        "tcp-server/half-close", "tcp-server/out-of-descriptors", "tcp-server/pipelined", "poll-server/slow-reader",
        "poll-server/short-writes", "poll-server/idle-cpu"],
    "name-client": [
        "tcp-client/connects", "tcp-client/sends-line", "tcp-client/prints-reply", "tcp-client/utf8",
        "tcp-client/empty-line-quits", "tcp-client/eof-quits", "tcp-client/server-closed",
        "tcp-client/connection-refused", "name-client/ipv6", "name-client/localhost", "name-client/falls-back",
        "name-client/unknown-name"],
    "dual-server": [
        "tcp-server/starts", "tcp-server/reply-format", "tcp-server/timestamp", "tcp-server/payload-verbatim",
        "tcp-server/multiple-messages", "tcp-server/sequential-clients", "tcp-server/client-abort",
        "tcp-server/clean-shutdown", "tcp-server/busy-port", "dual-server/localhost", "dual-server/any-address"],
    "pair": [
        "pair/roundtrip"],
}

# Which programs a role grades: a server, a client, or both (a pair).
ROLE_PROGRAMS = {role: ("server", "client") if role == "pair" else
                 ("client",) if role.endswith("-client") else ("server",) for role in ROLES}


def role_speaks_lines(role):
    """True for the roles of the framed protocol (lab 07), where messages are lines."""
    return role.startswith("line-")


@dataclass(frozen=True)
class Lab:
    number: str                   # "01"
    folder: str                   # "01-tcp-server"
    roles: Tuple[str, ...]        # how its programs are graded
    server: Optional[str] = None  # its server program, if any
    client: Optional[str] = None  # its client program, if any

    @property
    def programs(self):
        return tuple(program for program in (self.server, self.client) if program)

    @property
    def udp(self):
        """Its client speaks UDP (and takes --timeout and --retries)."""
        return "udp-client" in self.roles

    @property
    def unix(self):
        """Its programs take --path (an AF_UNIX socket) instead of --host and --port."""
        return any(role.startswith("unix") for role in self.roles)

    @property
    def lines(self):
        return any(role_speaks_lines(role) for role in self.roles)

    def check_ids(self):
        ids = [BUILDS]
        for role in self.roles:
            ids += [id for id in ROLES[role] if id not in ids]
        return ids


LABS = [
    Lab("01", "01-tcp-server", ("tcp-server",), server="tcp_server"),
    Lab("02", "02-tcp-client", ("tcp-client",), client="tcp_client"),
    Lab("03", "03-udp-server", ("udp-server",), server="udp_server"),
    Lab("04", "04-udp-client", ("udp-client",), client="udp_client"),
    Lab("05", "05-unix-sockets", ("unix-server", "unix-client", "pair"), server="unix_server", client="unix_client"),
    Lab("06", "06-threaded-server", ("threaded-server",), server="threaded_server"),
    Lab("07", "07-framing", ("line-server", "line-client", "pair"), server="line_server", client="line_client"),
    Lab("08", "08-asio-sync", ("threaded-server", "tcp-client", "pair"), server="asio_tcp_server",
        client="asio_tcp_client"),
    Lab("09", "09-asio-async", ("async-server",), server="asio_async_server"),
    Lab("10", "10-names-ipv6", ("dual-server", "name-client", "pair"), server="dual_server", client="name_client"),
    Lab("11", "11-poll-server", ("poll-server",), server="poll_server"),
]


class UnknownLab(ValueError):
    pass


def has_solutions(root):
    """The instructor's repository has the reference solutions; a student's (export student)
    has not."""
    return os.path.isdir(os.path.join(root, "solutions"))


def find_labs(names):
    """The labs named by number or folder ("01", "1", "01-tcp-server"); all if none."""
    if not names:
        return list(LABS)
    found = []
    for name in names:
        matches = [lab for lab in LABS
                   if name in (lab.number, lab.folder, lab.number.lstrip("0"), "lab" + lab.number)]
        if not matches:
            raise UnknownLab("no lab {!r}; the labs are: {}".format(
                name, ", ".join(lab.folder for lab in LABS)))
        found += [lab for lab in matches if lab not in found]
    return found


def weight(check_id):
    return BUILDS_WEIGHT if check_id == BUILDS else CATALOGUE[check_id].weight


def source_of(check_id):
    """The file that holds a check's code (docs/reference/checks.md links each check to it)."""
    return "harness/build.py" if check_id == BUILDS else checks.source_of(check_id)


def proves(check_id):
    return BUILDS_PROVES if check_id == BUILDS else CATALOGUE[check_id].proves


def points(check_ids, total=100):
    """Each check's points: its weight scaled so that all add up to `total` exactly (the
    largest remainders get the points that rounding down leaves over)."""
    weights = [weight(id) for id in check_ids]
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    shares = [int(share) for share in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:total - sum(shares)]:
        shares[i] += 1
    return dict(zip(check_ids, shares))
