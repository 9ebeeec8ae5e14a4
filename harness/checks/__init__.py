"""The check catalogue. A check is an id, a weight, one line on what it proves, and a
function run(ctx) that drives the program through a Context and raises CheckFailed (from
ctx.fail) when the program does not do what it must. A check never prints.

Ids are stable: "ROLE/NAME". Roles group the checks that grade one kind of program.
"""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Check:
    id: str
    weight: int          # relative worth; each lab's points are these, scaled to 100
    proves: str          # one line: what passing shows
    run: Callable


CATALOGUE = {}


def check(id, weight, proves, roles=()):
    """Registers the decorated function as the check `id`, and as the check of the same
    name in each of `roles`: one check that grades several kinds of program (it adapts to
    the subject: TCP or AF_UNIX, raw messages or lines)."""
    name = id.split("/", 1)[1]
    def register(run):
        for check_id in [id] + ["{}/{}".format(role, name) for role in roles]:
            if check_id in CATALOGUE:
                raise ValueError("two checks named " + check_id)
            CATALOGUE[check_id] = Check(check_id, weight, proves, run)
        return run
    return register


def role_checks(role):
    """The ids of the checks registered under `role`/, in the order they were defined."""
    return [id for id in CATALOGUE if id.startswith(role + "/")]


# Registering happens on import: one module per role.
from . import tcp_server, tcp_client, udp_server, udp_client, pair, unix, threaded, lines, async_server  # noqa: E402,F401
