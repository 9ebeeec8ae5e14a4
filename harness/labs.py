"""The labs and the roles that grade them.

A role is a list of checks that grade one kind of program (`check ROLE --cmd ...` runs
them on any program). A lab is a folder of programs, graded by the `builds` check and the
checks of its roles; its points are the checks' weights scaled to 100.
cmake/Labs.cmake lists the same labs and programs (a test checks that the two agree).
"""

import os
from dataclasses import dataclass
from typing import Optional, Tuple

from .checks import CATALOGUE, role_checks

BUILDS = "builds"
BUILDS_WEIGHT = 10
BUILDS_PROVES = "the lab's programs compile (the first compiler errors are shown if not)"

CONCURRENCY = ["tcp-server/concurrent-clients", "tcp-server/many-clients"]  # graded for servers that need them

ROLES = {
    "tcp-server": [id for id in role_checks("tcp-server") if id not in CONCURRENCY],
    "tcp-client": role_checks("tcp-client"),
    "udp-server": role_checks("udp-server"),
    "udp-client": role_checks("udp-client"),
    "unix-server": role_checks("unix-server"),
    "unix-client": role_checks("unix-client"),
    "threaded-server": [id for id in role_checks("tcp-server") if id not in CONCURRENCY] + CONCURRENCY,
    "line-server": role_checks("line-server"),
    "line-client": role_checks("line-client"),
    "async-server": ([id for id in role_checks("tcp-server") if id not in CONCURRENCY] + role_checks("udp-server")
                     + ["tcp-server/concurrent-clients"] + role_checks("async-server")),
    "pair": role_checks("pair"),
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
