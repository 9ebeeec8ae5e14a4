"""The check catalogue. A check is an id, a weight, one line on what it proves, what it
needs, and a function run(ctx) that drives the program through a Context and raises
CheckFailed (from ctx.fail) when the program does not do what it must. A check never prints.

Ids are stable: "ROLE/NAME". Roles group the checks that grade one kind of program.
"""

from dataclasses import dataclass
from typing import Callable, Tuple

# What a check needs: the programs under test it starts (a check whose program never got
# going in an earlier check is not run), and the harness's tools (tools/, built for it).
SERVER, CLIENT, PAIR = ("server",), ("client",), ("server", "client")
LOAD_CLIENT, SHORT_IO = "load_client", "short_io"
TOOLS = (LOAD_CLIENT, SHORT_IO)
SERVER_AND_LOAD = ("server", LOAD_CLIENT)


@dataclass(frozen=True)
class Check:
    id: str
    weight: int          # relative worth; each lab's points are these, scaled to 100
    proves: str          # one line: what passing shows
    run: Callable
    needs: Tuple[str, ...] = SERVER
    waits: bool = False  # it mostly waits on the clock: it may run beside its program's other checks

    @property
    def programs(self):
        """The programs under test it needs: "server", "client", or both."""
        return tuple(need for need in self.needs if need not in TOOLS)


CATALOGUE = {}


def check(id, weight, proves, roles=(), needs=SERVER, waits=False):
    """Registers the decorated function as the check `id`, and as the check of the same
    name in each of `roles`: one check that grades several kinds of program (it adapts to
    the subject: TCP or AF_UNIX, raw messages or lines)."""
    name = id.split("/", 1)[1]

    def register(run):
        for check_id in [id] + ["{}/{}".format(role, name) for role in roles]:
            if check_id in CATALOGUE:
                raise ValueError("two checks named " + check_id)
            CATALOGUE[check_id] = Check(check_id, weight, proves, run, needs, waits)
        return run
    return register


def source_of(check_id):
    """The file of the harness that holds a check's code, from the repository's root."""
    return "harness/checks/{}.py".format(CATALOGUE[check_id].run.__module__.rsplit(".", 1)[1])


# Registering happens on import: one module per role.
from . import (tcp_server, tcp_client, udp_server, udp_client, pair, unix, threaded, lines,  # noqa: E402,F401
               async_server, poll, names)
