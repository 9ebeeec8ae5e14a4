"""The command line: parse, plan, run, report. Nothing else happens here.

    python3 -m harness grade [LAB...] [--impl labs|solutions]
    python3 -m harness check ROLE --cmd "..."   (or --server-cmd/--client-cmd for pair)
    python3 -m harness --list
    python3 -m harness test                      (the project's whole test suite)
    python3 -m harness setup                     (install what grading needs)
    python3 -m harness export student|gradescope DIR
    python3 -m harness autograde                 (inside Gradescope's container)

Exit status: 0 all checks passed; 1 a check failed; 2 a usage or infrastructure error;
130 interrupted (Ctrl+C).
"""

import argparse
import json
import os
import sys
import traceback

from . import gradescope, labs, prerequisites, process, runner, wine
from .build import Builder
from .checks import CATALOGUE
from .command import SEED_PORT, Command, CommandError
from .context import HarnessError, Subject, Timing
from .process import RunAs
from .report import Reporters
from .report.github import GithubReporter
from .report.machine import GradescopeReporter, JsonReporter, JunitReporter
from .report.text import TextReporter
from .results import ERROR, FAIL

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMATS = ("text", "json", "junit", "gradescope", "github")
SLOW_PRESETS = {"asan": 3.0, "tsan": 4.0, "windows-cross": 3.0}


class UsageError(Exception):
    pass


def parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=FORMATS, default="text", help="the report's format (default: text)")
    common.add_argument("--output", metavar="FILE", help="write the report there (the text report still shows)")
    common.add_argument("--only", metavar="CHECK", action="append", default=[],
                        help="run only this check (its id, as --list shows it); may be repeated")
    common.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="grade N labs at once")
    common.add_argument("--verbose", "-v", action="store_true", help="tell the steps of passing checks too")
    common.add_argument("--timeout-scale", type=float, metavar="X",
                        help="multiply every time limit by X (slow machines, sanitizers, Wine)")
    common.add_argument("--visibility", metavar="CHECK=WHEN", action="append", default=[],
                        help="gradescope format: when students see a check's result (WHEN: visible, hidden, "
                             "after_due_date, after_published; CHECK: a check, a lab, or all); repeatable")
    common.add_argument("--hidden", metavar="CHECK", action="append", default=[],
                        help="gradescope format: the same as --visibility CHECK=hidden (never shown to students)")

    main = argparse.ArgumentParser(
        prog="python3 -m harness",
        description="Build, run and grade the socket labs, or any program that speaks their protocol.",
        epilog="Exit status: 0 all passed, 1 a check failed, 2 usage or infrastructure error.")
    main.add_argument("--list", action="store_true", help="print every check with its points, and run nothing")
    main.add_argument("--list-format", choices=("text", "json"), default="text", help=argparse.SUPPRESS)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    grade = commands.add_parser("grade", parents=[common], help="build and grade labs (yours, or the solutions)",
                                description="Build each lab on its own and grade it.")
    grade.add_argument("labs", nargs="*", metavar="LAB", help="a lab's number or folder (01, 01-tcp-server); none: all")
    grade.add_argument("--impl", choices=("labs", "solutions"), default="labs",
                       help="grade labs/ (your code, the default) or solutions/ (the reference)")
    grade.add_argument("--preset", default="default", help="the CMake preset to build with (default: default)")
    grade.add_argument("--build-dir", metavar="DIR", help="build there instead of build/PRESET")
    grade.add_argument("--no-build", action="store_true", help="grade what is built already; build nothing")
    grade.add_argument("--run-as", metavar="USER", help="as root: run the programs under test as this "
                                                        "unprivileged user, and kill all of its processes at the end")

    check = commands.add_parser("check", parents=[common], help="grade any program, in any language",
                                description="Grade a program given as a command. Placeholders: {host}, {port}, "
                                            "{path}, {timeout}, {retries}. A server command without {port} is "
                                            "taken to listen on --port.")
    check.add_argument("role", choices=sorted(labs.ROLES), help="what the program is")
    check.add_argument("--cmd", help="the program's command line")
    check.add_argument("--server-cmd", help="for pair: the server's command line")
    check.add_argument("--client-cmd", help="for pair: the client's command line")
    check.add_argument("--port", type=int, default=SEED_PORT,
                       help="where a program without {port} listens or connects (default: %(default)s)")
    check.add_argument("--cwd", help="run the programs in this folder")

    bench = commands.add_parser("bench", help="measure servers side by side: messages per second, latency",
                                description="Run the load client against a lab's server (and others with --vs) "
                                            "and print a table: what threads and asynchrony buy.")
    bench.add_argument("lab", metavar="LAB", help="a lab with a TCP or UDP server (01, 03, 06, 08, 09)")
    bench.add_argument("--vs", metavar="LAB", nargs="+", default=[], help="more labs, in the same table")
    bench.add_argument("--connections", type=int, default=8, metavar="N", help="clients at once (default 8)")
    bench.add_argument("--messages", type=int, default=10000, metavar="M", help="messages per client (default 10000)")
    bench.add_argument("--size", type=int, default=64, metavar="BYTES",
                       help="bytes per message, up to 1024 (default 64)")
    bench.add_argument("--rounds", type=int, default=1, metavar="R",
                       help="measure every server R times, taking turns; show each one's median round (default 1)")
    bench.add_argument("--udp", action="store_true", help="bench UDP (lab 09 serves both)")
    bench.add_argument("--impl", choices=("labs", "solutions"),
                       default="solutions" if labs.has_solutions(ROOT) else "labs",
                       help="bench the solutions (the default where they are) or your labs")
    bench.add_argument("--preset", default="release", help="the CMake preset to build with (default: release)")

    export = commands.add_parser("export", help="write the student repository, or a Gradescope autograder",
                                 description="student: the repository students get (labs, harness, docs, the "
                                             "GitHub Classroom workflow; no solutions). gradescope: an autograder "
                                             "bundle (setup.sh, run_autograder, autograder.zip).")
    export.add_argument("kind", choices=("student", "gradescope"))
    export.add_argument("destination", metavar="DIR", help="a new (or empty) folder")
    export.add_argument("--labs", nargs="+", default=[], metavar="LAB", help="gradescope: the labs to grade (all)")
    export.add_argument("--visibility", metavar="CHECK=WHEN", action="append", default=[],
                        help="gradescope: when students see a check's result (WHEN: visible, hidden, "
                             "after_due_date, after_published; CHECK: a check, a lab, or all); repeatable")
    export.add_argument("--hidden", metavar="CHECK", action="append", default=[],
                        help="gradescope: the same as --visibility CHECK=hidden (never shown to students)")
    export.add_argument("--try", dest="try_paths", nargs="+", metavar="PATH",
                        help="gradescope: then run the bundle as Gradescope would on this submission (a folder, "
                             "a zip, or .cpp files) and show its scores")

    autograde = commands.add_parser(
        "autograde", help="inside Gradescope's container: grade /autograder/submission (run_autograder runs it)",
        description="What the Gradescope bundle's run_autograder runs: take each lab's sources from the "
                    "submission, grade them, and write results/results.json whatever happens.")
    autograde.add_argument("labs", nargs="*", metavar="LAB", help="the labs to grade (all)")
    autograde.add_argument("--root", default="/autograder", help="Gradescope's folder (default: /autograder)")
    autograde.add_argument("--visibility", metavar="CHECK=WHEN", action="append", default=[])
    autograde.add_argument("--hidden", metavar="CHECK", action="append", default=[])
    autograde.add_argument("--run-as", metavar="USER", help="run the students' programs as this user (as root)")
    autograde.add_argument("--timeout-scale", type=float, metavar="X", help="multiply every time limit by X")
    autograde.add_argument("--prepare", action="store_true",
                           help="build everything but the submission (setup.sh runs it), and grade nothing")

    commands.add_parser("list", help="the same as --list")
    commands.add_parser("test", help="run the whole test suite (CTest: unit tests, solutions, starters)")
    commands.add_parser("setup", help="install what grading needs (Debian/Ubuntu), or say what to install")
    return main


def main(argv=None):
    process.install_interrupt_handling()
    # A sanitizer's report ends the program at once (ASan and UBSan builds of the presets do;
    # TSan would go on), so that the check that met the bug fails and shows the report.
    os.environ.setdefault("TSAN_OPTIONS", "halt_on_error=1")
    _make_output_safe()
    arguments = parser().parse_args(argv)
    try:
        if arguments.list or arguments.command == "list":
            return print_list(arguments.list_format)
        if arguments.command == "test":
            return run_test_suite()
        if arguments.command == "bench":
            from .bench import run_bench
            return run_bench(arguments, ROOT)
        if arguments.command == "export":
            return run_export(arguments)
        if arguments.command == "autograde":
            return run_autograde(arguments)
        if arguments.command == "setup":
            prerequisites.main_for("test")
            print("everything grading and the tests need is installed")
            return 0
        if arguments.command is None:
            parser().print_help()
            return 2
        jobs = plan(arguments)
        return grade(jobs, arguments)
    except (UsageError, CommandError, labs.UnknownLab, ValueError, HarnessError, gradescope.GradescopeError) as error:
        print("harness: {}".format(error), file=sys.stderr)
        _report_error_to_classroom(arguments, error)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (`... | head`): stop quietly.
        process.running.kill_all()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        process.running.kill_all()
        print("\nharness: interrupted; every program it started has been stopped", file=sys.stderr)
        return 130


def _report_error_to_classroom(arguments, error):
    """--format github: a step that cannot grade still gives Classroom's reporter a result
    (else it fails whole, and no lab's points reach Classroom): the lab's points, lost."""
    output = os.environ.get("GITHUB_OUTPUT")
    if getattr(arguments, "format", None) != "github" or not output:
        return
    try:
        max_score = 100 * len(labs.find_labs(arguments.labs)) if arguments.command == "grade" else 100
    except labs.UnknownLab:
        max_score = 100
    from .report.github import error_result, write_result
    write_result(output, error_result("the harness could not grade: {}".format(error), max_score))


# --- planning


def plan(arguments):
    """The jobs to run: one per lab for `grade`, one for `check`."""
    for check_id in arguments.only:
        if check_id != labs.BUILDS and check_id not in CATALOGUE:
            raise UsageError("no check {!r} (see --list)".format(check_id))
    if arguments.command == "grade":
        return plan_grade(arguments)
    return [plan_check(arguments)]


def _selected(check_ids, only):
    return [id for id in check_ids if not only or id in only]


def plan_grade(arguments):
    if arguments.impl == "solutions" and not labs.has_solutions(ROOT):
        raise UsageError("there is no solutions/ folder here")
    chosen = labs.find_labs(arguments.labs)  # an unknown lab is a usage error before anything is installed
    builder = Builder(ROOT, arguments.preset, arguments.build_dir, skip_build=arguments.no_build)
    run_as = RunAs(arguments.run_as) if getattr(arguments, "run_as", None) else None
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
        jobs.append(runner.Job(
            id=lab.number, name=lab.folder, check_ids=selected, points=labs.points(check_ids),
            build=_lab_builder(builder, arguments.impl, lab, run_as),
            source_hint="{}/{}".format(arguments.impl, lab.folder), run_as=run_as))
    if not jobs:
        raise UsageError("none of the labs asked for has the checks asked for (see --list)")
    return jobs


def _lab_builder(builder, impl, lab, run_as=None):
    def build():
        outcome = builder.build_lab(impl, lab)
        if not outcome.ok:
            return outcome, None
        return outcome, lab_subject(builder, impl, lab, run_as)
    return build


def lab_subject(builder, impl, lab, run_as=None):
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
    return Subject(server=server, client=client, lines=lab.lines, build_dir=builder.build_dir,
                   under_wine=bool(emulator) and wine.is_wine(emulator), run_as=run_as)


def plan_check(arguments):
    role = arguments.role
    needs = labs.ROLE_PROGRAMS[role]
    server_text = arguments.server_cmd or (arguments.cmd if needs == ("server",) else None)
    client_text = arguments.client_cmd or (arguments.cmd if needs == ("client",) else None)
    if "server" in needs and not server_text:
        raise UsageError("{} needs {}".format(role, "--server-cmd" if len(needs) > 1 else "--cmd"))
    if "client" in needs and not client_text:
        raise UsageError("{} needs {}".format(role, "--client-cmd" if len(needs) > 1 else "--cmd"))
    cwd = os.path.abspath(arguments.cwd) if arguments.cwd else None
    subject = Subject(
        server=Command(server_text, arguments.port, cwd) if server_text else None,
        client=Command(client_text, arguments.port, cwd) if client_text else None,
        lines=labs.role_speaks_lines(role),
        under_wine=any(wine.is_wine(text) for text in (server_text, client_text) if text))
    check_ids = labs.ROLES[role]
    selected = _selected(check_ids, arguments.only)
    if not selected:
        raise UsageError("the role {} has none of the checks asked for (see --list)".format(role))
    return runner.Job(id=role, name=role, check_ids=selected, points=labs.points(check_ids), subject=subject)


# --- running and reporting


def grade(jobs, arguments):
    if arguments.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if arguments.timeout_scale is not None and not arguments.timeout_scale > 0:
        raise UsageError("--timeout-scale must be more than 0")
    scale = arguments.timeout_scale or SLOW_PRESETS.get(getattr(arguments, "preset", ""), 1.0)
    reporter, output = make_reporter(arguments)
    try:
        if getattr(arguments, "preset", "") == "windows-cross" or any(
                job.subject is not None and job.subject.under_wine for job in jobs):
            with wine.WineSession(say=lambda text: print(text, file=sys.stderr, flush=True)):
                result = runner.run(jobs, reporter, Timing(scale), parallel=arguments.jobs)
        else:
            result = runner.run(jobs, reporter, Timing(scale), parallel=arguments.jobs)
    finally:
        if output is not None:
            output.close()
        for run_as in {job.run_as for job in jobs} - {None}:
            run_as.kill_all()
    statuses = {check.status for lab in result.labs for check in lab.checks}
    if ERROR in statuses:
        return 2
    return 1 if FAIL in statuses else 0


def make_reporter(arguments):
    """The reporter for --format and --output. The live text report goes to stdout unless
    the chosen format itself goes there; then it goes to stderr, if that is a terminal."""
    try:
        output = open(arguments.output, "w", encoding="utf-8", newline="\n") if arguments.output else None
    except OSError as error:
        raise UsageError("cannot write {}: {}".format(arguments.output, error.strerror or error)) from None
    reporters = []
    document_stream = output or sys.stdout
    if arguments.format == "text":
        reporters.append(TextReporter(output or sys.stdout, arguments.verbose))
        if output is not None:
            reporters.append(TextReporter(sys.stdout, arguments.verbose))
        return Reporters(reporters), output
    if arguments.format == "github":
        reporters.append(TextReporter(sys.stdout, arguments.verbose))
        reporters.append(GithubReporter(output, annotations=sys.stdout))
        return Reporters(reporters), output
    if output is not None:
        reporters.append(TextReporter(sys.stdout, arguments.verbose))
    elif sys.stderr.isatty():
        reporters.append(TextReporter(sys.stderr, arguments.verbose))
    if arguments.format == "json":
        reporters.append(JsonReporter(document_stream))
    elif arguments.format == "junit":
        reporters.append(JunitReporter(document_stream))
    else:
        reporters.append(GradescopeReporter(document_stream, gradescope.parse_visibility(
            arguments.visibility, arguments.hidden)))
    return Reporters(reporters), output


def print_list(list_format):
    if list_format == "json":
        document = {
            "labs": [{
                "id": lab.number, "folder": lab.folder, "roles": list(lab.roles), "programs": list(lab.programs),
                "checks": [{"id": id, "points": points, "proves": labs.proves(id)}
                           for id, points in labs.points(lab.check_ids()).items()],
            } for lab in labs.LABS],
            "roles": {role: [{"id": id, "points": points, "proves": labs.proves(id)}
                             for id, points in labs.points(ids).items()] for role, ids in labs.ROLES.items()},
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    for lab in labs.LABS:
        print("lab {}  ({}; grade it: python3 -m harness grade {})".format(lab.folder, ", ".join(lab.programs),
                                                                          lab.number))
        for id, points in labs.points(lab.check_ids()).items():
            print("  {:>3}  {:<34} {}".format(points, id, labs.proves(id)))
        print()
    print("roles, for grading any program: python3 -m harness check ROLE --cmd \"...\"")
    for role, ids in labs.ROLES.items():
        # A role's own checks by name; those it borrows from another role by their full id.
        print("  {:<15} {}".format(role, ", ".join(id.split("/", 1)[1] if id.startswith(role + "/") else id
                                                   for id in ids)))
    return 0


def run_export(arguments):
    from . import export
    if not labs.has_solutions(ROOT) and arguments.kind == "student":
        print("harness: note: this is already a student repository (it has no solutions/)", file=sys.stderr)
    try:
        if arguments.kind == "student":
            count = export.export_student(ROOT, arguments.destination)
            print("wrote the student repository to {} ({} files, no solutions)".format(arguments.destination, count))
            return 0
        visibility = gradescope.parse_visibility(arguments.visibility, arguments.hidden)
        gradescope.check_submission_paths(arguments.try_paths or [])
        bundle, chosen = export.export_gradescope(ROOT, arguments.destination, arguments.labs, visibility)
    except export.ExportError as error:
        raise UsageError(str(error)) from None
    print("wrote the Gradescope autograder {} (it grades {}): upload it in Configure Autograder".format(
        bundle, ", ".join(lab.folder for lab in chosen)))
    if not arguments.try_paths:
        return 0
    results = gradescope.try_bundle(bundle, arguments.try_paths, say=lambda text: print(text, flush=True))
    kept = os.path.join(arguments.destination, "results.json")
    gradescope.write_results(kept, results)
    print("results.json, as Gradescope would read it (kept in {}):".format(kept))
    gradescope.tell_results(results)
    full = results.get("score") == (results.get("extra_data") or {}).get("max_score")
    return 0 if full else 1


def run_autograde(arguments):
    """Inside Gradescope's container (see gradescope.py): results.json is written whatever
    happens, and every program of the student user is gone at the end."""
    if arguments.prepare:
        prerequisites.main_for("grade")
        targets = ["lab" + lab.number for lab in labs.find_labs(arguments.labs)] + ["load_client"]
        for step in (["cmake", "--preset", "default", "-DBUILD_TESTING=OFF"],
                     ["cmake", "--build", "--preset", "default", "--target"] + targets):
            print("+ " + " ".join(step), flush=True)
            if process.run_in_the_foreground(step, ROOT) != 0:
                return 2
        return 0
    root = os.path.abspath(arguments.root)
    if not os.path.isdir(os.path.join(root, "submission")):
        raise UsageError("autograde runs in Gradescope's container, and {} is not there; to run a bundle "
                         "as Gradescope would: export gradescope DIR --try SUBMISSION".format(
                             os.path.join(root, "submission")))
    results = os.path.join(root, "results", "results.json")
    os.makedirs(os.path.dirname(results), exist_ok=True)
    notes, run_as = [], None
    try:
        run_as = RunAs(arguments.run_as) if arguments.run_as else None
        chosen = labs.find_labs(arguments.labs)
        visibility = gradescope.parse_visibility(arguments.visibility, arguments.hidden)
        gradescope.protect(root, run_as)
        notes = gradescope.take_submission(os.path.join(root, "submission"), ROOT, chosen)
        for note in notes:
            print(note)
        grading = argparse.Namespace(impl="labs", labs=[lab.number for lab in chosen], preset="default",
                                     build_dir=None, no_build=False, only=[], run_as=arguments.run_as)
        jobs = plan_grade(grading)
        reporter = Reporters([TextReporter(sys.stdout), gradescope.ResultsFile(results, visibility, notes)])
        runner.run(jobs, reporter, Timing(arguments.timeout_scale or gradescope.timeout_scale()))
        return 0
    except KeyboardInterrupt:
        raise  # Gradescope's time limit: the checks that ran are in results.json already
    except Exception as error:  # whatever it is, the student gets a results.json that says so
        message = str(error) if isinstance(error, (UsageError, HarnessError, ValueError, OSError,
                                                    gradescope.GradescopeError, labs.UnknownLab)) \
            else traceback.format_exc()
        print("harness: " + message, file=sys.stderr)
        gradescope.write_results(results, gradescope.failed_results(message, notes))
        return 2
    finally:
        if run_as is not None:
            run_as.kill_all()


def run_test_suite():
    """The project's whole test suite, as the README's second command runs it."""
    prerequisites.main_for("test")
    jobs = str(max(os.cpu_count() or 1, 2))
    steps = [["cmake", "--preset", "ci"], ["cmake", "--build", "--preset", "ci"],
             ["ctest", "--preset", "ci", "--parallel", jobs]]
    for step in steps:
        print("+ " + " ".join(step), flush=True)
        status = process.run_in_the_foreground(step, ROOT)
        if status != 0:
            print("harness: `{}` failed (exit status {})".format(" ".join(step), status), file=sys.stderr)
            return 1
    return 0


def _make_output_safe():
    """Text that a console cannot show is escaped, never a crash (Windows code pages)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
