"""What a check is given: the subject graded (its programs' commands, decided by the plan)
and the time limits it may take."""

from dataclasses import dataclass, field
from typing import Optional

from .command import Command
from .limits import Limits
from .process import Program
from .sandbox import RunAs


@dataclass
class Timing:
    """Time limits, in seconds, stretched by `scale` for slow runs (sanitizers, Wine)."""
    scale: float = 1.0

    @property
    def start(self):
        return 5.0 * self.scale  # for a program to be ready

    @property
    def reply(self):
        return 2.0 * self.scale  # for a reply

    @property
    def quiet(self):
        return 0.3 * self.scale  # of silence after some bytes, before a reply counts as whole

    @property
    def glance(self):
        return 0.1 * self.scale  # to see again what an earlier check waited its whole time to see

    @property
    def ends(self):
        return 1.0 * self.scale  # for a connection to end once the client has half-closed it

    @property
    def exit(self):
        return 2.0 * self.scale  # for a client to exit when it should

    @property
    def stop(self):
        return 2.0 * self.scale  # for a server to exit after SIGTERM (the contract's 2 s)


@dataclass
class Subject:
    """What is graded: a server command, a client command, or both (a pair)."""
    server: Optional[Command] = None
    client: Optional[Command] = None
    udp_timeout: float = 0.5   # what {timeout} becomes for a UDP client
    udp_retries: int = 2       # and {retries}
    lines: bool = False        # the framed protocol: messages and replies are lines
    load_client: Optional[str] = None  # the harness's load client, for the checks that need one
    load_client_error: str = ""        # why there is none, told by those checks
    short_io: Optional[str] = None     # the library that cuts a program's sends and receives short
    short_io_error: str = ""           # why there is none, told by the checks that need it
    under_wine: bool = False   # Windows programs run by Wine: stopped with Ctrl+C, no AF_UNIX
    run_as: Optional[RunAs] = None  # the unprivileged user the programs run as (Gradescope), or us
    limits: Optional[Limits] = None  # the resource limits the programs run with, if any
    sandboxed: bool = False  # each check in namespaces of its own: network, mounts (namespaces.py)
    # What earlier checks found the programs do, hint id -> the check that found it: a later
    # check need not wait its whole time again to learn the same thing (checks run in order).
    findings: dict = field(default_factory=dict)


@dataclass
class Server:
    """A server under test that is running: its program and where it answers."""
    program: Program
    address: tuple
