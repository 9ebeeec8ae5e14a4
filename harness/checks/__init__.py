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


def check(id, weight, proves):
    """Registers the decorated function as the check `id`."""
    def register(run):
        if id in CATALOGUE:
            raise ValueError("two checks named " + id)
        CATALOGUE[id] = Check(id, weight, proves, run)
        return run
    return register


def role_checks(role):
    """The ids of the checks registered under `role`/, in the order they were defined."""
    return [id for id in CATALOGUE if id.startswith(role + "/")]


# Registering happens on import: one module per role.
from . import tcp_server, tcp_client, udp_server, udp_client, pair  # noqa: E402,F401
