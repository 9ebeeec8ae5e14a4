"""From a command line to a plan: the jobs to run (a lab each for `grade`, one subject for
`check`), each with what its checks need decided before anything runs: the commands of
its programs, how to build them, the load client, the time limits. Nothing runs here
but the checks for what must be installed."""

import os
import sys
from dataclasses import dataclass, field, replace
from typing import List, Optional

from . import labs, namespaces, prerequisites, tools, wine
from .build import Builder
from .checks import CATALOGUE, LOAD_CLIENT, SHORT_IO
from .command import Command
from .errors import HarnessError, UsageError
from .limits import PROCESSES, Limits
from .sandbox import RunAs
from .runner import Job
from .subject import Subject, Timing

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SANITIZER_PRESETS = ("asan", "tsan")  # GCC's and Clang's flags: CMakePresets.json has them off on Windows
SLOW_PRESETS = {"asan": 3.0, "tsan": 4.0, "windows-cross": 3.0}  # their time limits are stretched so
MAX_TIMEOUT_SCALE = 20  # a UDP client's --timeout (0.5 s, scaled) must stay within what it accepts, and waits bounded


@dataclass
class Plan:
    jobs: List[Job]
    timing: Timing = field(default_factory=Timing)
    parallel: int = 1            # jobs graded at once
    under_wine: bool = False     # Windows programs run by Wine: one Wine server for the whole run
    notice: str = ""             # what is not isolated here, and why: told once, before grading


@dataclass
class Confinement:
    """Where the programs under test run: as whom, with which limits, and whether each check
    has a network of its own (--sandbox)."""
    run_as: Optional[RunAs] = None
    limits: Optional[Limits] = None
    sandboxed: bool = False
    notice: str = ""

    def apply(self, subject):
        subject.run_as, subject.limits, subject.sandboxed = self.run_as, self.limits, self.sandboxed
        return subject


LIMIT_NAMES = {"memory": "memory_mib", "processes": "processes", "cpu": "cpu_seconds", "file": "file_mib",
               "files": "open_files"}


def confinement(arguments, under_wine):
    """The Confinement --sandbox (auto, on, off), --limit and --run-as ask for, as far as
    this machine can give it; UsageError for --sandbox on where it cannot."""
    mode = getattr(arguments, "sandbox", None) or "auto"
    run_as = RunAs(arguments.run_as) if getattr(arguments, "run_as", None) else None
    if mode == "off":
        return Confinement(run_as=run_as)
    why = "Windows programs run by Wine share its server" if under_wine else namespaces.why_not()
    if why and mode == "on":
        raise UsageError("--sandbox on: each check cannot have namespaces of its own here: {}".format(why))
    as_nobody = namespaces.is_root() and not run_as and not why
    limits = Limits(processes=PROCESSES if run_as or as_nobody or os.environ.get(namespaces.IN_USER_NAMESPACE)
                    else None, nobody=as_nobody)
    if under_wine or getattr(arguments, "preset", "") in SLOW_PRESETS:
        limits = limits.without_memory()  # sanitizers reserve terabytes; Wine, gigabytes
    if getattr(arguments, "preset", "") in SANITIZER_PRESETS:
        limits = replace(limits, sanitizer=arguments.preset)
    for setting in getattr(arguments, "limit", None) or []:
        name, _, value = setting.partition("=")
        if name not in LIMIT_NAMES or not value.isdigit() or int(value) < 1:
            raise UsageError("--limit {}: NAME=NUMBER, NAME one of {}".format(setting, ", ".join(LIMIT_NAMES)))
        limits = replace(limits, **{LIMIT_NAMES[name]: int(value)})
    notice = ""
    if why:
        notice = ("not isolated: {}; programs under test share this machine's network and can write the "
                  "project (--sandbox off: no sandbox, no line)".format(why))
    return Confinement(run_as=run_as, limits=limits if limits.prefix() else None, sandboxed=not why,
                       notice=notice)


def plan(arguments):
    """The plan of `grade` or `check` (their command-line arguments)."""
    for wanted in arguments.only:
        if wanted != labs.BUILDS and not any(_matches(check_id, wanted) for check_id in CATALOGUE):
            raise UsageError("no check {!r} (see --list)".format(wanted))
    if arguments.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if arguments.timeout_scale is not None and not 0 < arguments.timeout_scale <= MAX_TIMEOUT_SCALE:
        raise UsageError("--timeout-scale must be more than 0 and at most {}".format(MAX_TIMEOUT_SCALE))
    preset = getattr(arguments, "preset", "")
    commands = [getattr(arguments, name, None) for name in ("cmd", "server_cmd", "client_cmd")]
    under_wine = preset == "windows-cross" or any(wine.is_wine(text) for text in commands if text)
    confined = confinement(arguments, under_wine)
    jobs = plan_grade(arguments, confined) if arguments.command == "grade" else [plan_check(arguments, confined)]
    return Plan(jobs, Timing(arguments.timeout_scale or SLOW_PRESETS.get(preset, 1.0)), arguments.jobs, under_wine,
                confined.notice)


def _matches(check_id, wanted):
    """--only takes a check's id (tcp-server/reply-format) or a role (tcp-server)."""
    return check_id == wanted or check_id.startswith(wanted.rstrip("/") + "/")


def _selected(check_ids, only):
    return [id for id in check_ids if not only or any(_matches(id, wanted) for wanted in only)]


def plan_grade(arguments, confined=None):
    """A job per lab asked for: built on its own, then graded (its programs confined so)."""
    if arguments.impl == "solutions" and not labs.has_solutions(ROOT):
        raise UsageError("there is no solutions/ folder here")
    chosen = labs.find_labs(arguments.labs)  # an unknown lab is a usage error before anything is installed
    if arguments.preset in SANITIZER_PRESETS and sys.platform == "win32":
        raise UsageError("--preset {}: the sanitizers of this preset are GCC's and Clang's, and MSVC has no "
                         "ThreadSanitizer: grade with them on Linux or macOS (or in WSL)".format(arguments.preset))
    if arguments.no_build and not os.path.isdir(arguments.build_dir or os.path.join(ROOT, "build", arguments.preset)):
        raise UsageError("--no-build: there is no build in {} (build it first, or leave out --no-build)".format(
            arguments.build_dir or os.path.join("build", arguments.preset)))
    builder = Builder(ROOT, arguments.preset, arguments.build_dir, skip_build=arguments.no_build)
    confined = confined or confinement(arguments, under_wine=arguments.preset == "windows-cross")
    if not arguments.no_build and not os.path.exists(os.path.join(builder.build_dir, "CMakeCache.txt")):
        try:
            prerequisites.ensure("windows-cross" if arguments.preset == "windows-cross" else "grade",
                                 say=lambda text: print(text, file=sys.stderr, flush=True))
        except prerequisites.Missing as missing:
            raise HarnessError(str(missing)) from None
    jobs = []
    for lab in chosen:
        check_ids = lab.check_ids()
        selected = _selected(check_ids, arguments.only)
        if not selected:
            continue
        jobs.append(Job(
            id=lab.number, name=lab.folder, check_ids=selected, points=labs.points(check_ids),
            build=_lab_builder(builder, arguments.impl, lab, selected, confined),
            source_hint="{}/{}".format(arguments.impl, lab.folder), run_as=confined.run_as))
    if not jobs:
        raise UsageError("none of the labs asked for has the checks asked for (see --list)")
    return jobs


def _lab_builder(builder, impl, lab, check_ids, confined):
    """What the runner calls to build a lab: (the build's outcome, the Subject to grade)."""
    def build():
        outcome = builder.build_lab(impl, lab)
        if not outcome.ok:
            return outcome, None
        subject = confined.apply(lab_subject(builder, impl, lab))
        _give_tools(subject, check_ids, builder.build_dir, builder.preset)
        return outcome, subject
    return build


def lab_subject(builder, impl, lab):
    """The commands of a lab's programs, as the contract of SPEC section 2 runs them."""
    address = ["--path", "{path}"] if lab.unix else ["--host", "{host}", "--port", "{port}"]
    emulator = builder.emulator()  # ["wine64"] for the windows-cross preset

    def command(program, *extra):
        return Command(emulator + [builder.program_path(impl, lab, program)] + address + list(extra))
    server = command(lab.server) if lab.server else None
    client = None
    if lab.client:
        client = command(lab.client, "--timeout", "{timeout}", "--retries", "{retries}") if lab.udp \
            else command(lab.client)
    return Subject(server=server, client=client, lines=lab.lines,
                   under_wine=bool(emulator) and wine.is_wine(emulator))


def _give_tools(subject, check_ids, build_dir=None, preset=""):
    """The harness's tools that the subject's checks need (built if need be: if that fails,
    those checks tell why, and the others run)."""
    needs = {need for id in check_ids if id in CATALOGUE for need in CATALOGUE[id].needs}
    if LOAD_CLIENT in needs:
        try:
            subject.load_client = tools.load_client(build_dir)
        except HarnessError as error:
            subject.load_client_error = str(error)
    if SHORT_IO in needs:
        try:
            if subject.under_wine:
                raise HarnessError("a Windows program run by Wine loads no Linux library: the harness cannot "
                                   "make its sends and receives come up short")
            if preset == "tsan":  # (measured: every short_io check "crashed" under tsan, 10 runs of 10)
                raise HarnessError("ThreadSanitizer's runtime intercepts send() and recv() itself, and a program "
                                   "built with it crashes when the short_io library is loaded before it: these "
                                   "checks run in the other builds")
            subject.short_io = tools.short_io(build_dir)
        except HarnessError as error:
            subject.short_io_error = str(error)


def plan_check(arguments, confined=None):
    """The one job of `check ROLE`: the commands given, graded as ROLE."""
    role = arguments.role
    needs = labs.ROLE_PROGRAMS[role]
    server_text = arguments.server_cmd or (arguments.cmd if needs == ("server",) else None)
    client_text = arguments.client_cmd or (arguments.cmd if needs == ("client",) else None)
    if "server" in needs and not server_text:
        raise UsageError("{} needs {}".format(role, "--server-cmd" if len(needs) > 1 else "--cmd"))
    if "client" in needs and not client_text:
        raise UsageError("{} needs {}".format(role, "--client-cmd" if len(needs) > 1 else "--cmd"))
    if not 1 <= arguments.port <= 65535:
        raise UsageError("--port {}: a port is a number from 1 to 65535".format(arguments.port))
    cwd = os.path.abspath(arguments.cwd) if arguments.cwd else None
    if cwd and not os.path.isdir(cwd):
        raise UsageError("--cwd {}: there is no such folder".format(arguments.cwd))
    subject = (confined or Confinement()).apply(Subject(
        server=Command(server_text, arguments.port, cwd) if server_text else None,
        client=Command(client_text, arguments.port, cwd) if client_text else None,
        lines=labs.role_speaks_lines(role),
        under_wine=any(wine.is_wine(text) for text in (server_text, client_text) if text)))
    check_ids = labs.ROLES[role]
    selected = _selected(check_ids, arguments.only)
    if not selected:
        raise UsageError("the role {} has none of the checks asked for (see --list)".format(role))
    _give_tools(subject, selected)
    return Job(id=role, name=role, check_ids=selected, points=labs.points(check_ids), subject=subject)
