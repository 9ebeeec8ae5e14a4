"""The command line: parse it, and hand each command to the module that owns it (plan.py
and runner.py for grade and check; bench, export, gradescope, suite; report/ for --list).

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
import os
import sys

from . import (bench, class_grading, export, gradescope, gradescope_try, interrupts, labs, language, namespaces,
               prerequisites, process, runner, suite, watch)
from .command import SEED_PORT, CommandError
from .errors import HarnessError, UsageError
from .plan import ROOT, plan
from .report import Reporters, catalogue
from .report.github import GithubReporter
from .report.html import HtmlReporter
from .report.machine import GradescopeReporter, JsonReporter, JunitReporter
from .report.text import TextReporter
from .results import ERROR, FAIL

FORMATS = ("text", "json", "junit", "gradescope", "github", "html")
HTML_REPORT = "report.html"  # --format html without --output


def parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--format", choices=FORMATS, default="text", help="the report's format (default: text)")
    common.add_argument("--output", metavar="FILE", help="write the report there (the text report still shows; "
                                                         "html: {} unless told)".format(HTML_REPORT))
    common.add_argument("--lang", choices=language.LANGUAGES, default=argparse.SUPPRESS,
                        help="the language of the hints, of what each check proves and of the report's own words: "
                             "en, or zh-CN (Simplified Chinese); default: the locale's (LANG)")
    common.add_argument("--only", metavar="CHECK", action="append", default=[],
                        help="run only this check (its id, as --list shows it), or a role's checks "
                             "(tcp-server); may be repeated")
    common.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="grade N labs at once")
    common.add_argument("--verbose", "-v", action="store_true", help="tell the steps of passing checks too")
    common.add_argument("--timeout-scale", type=float, metavar="X",
                        help="multiply every time limit by X (slow machines, sanitizers, Wine)")
    common.add_argument("--sandbox", choices=("auto", "on", "off"), default="auto",
                        help="each check in a network of its own, the programs under resource limits (Linux); "
                             "auto: where it can be had (the default); on: or fail; off: never")
    common.add_argument("--limit", metavar="NAME=N", action="append", default=[],
                        help="a resource limit of the programs under test: memory=MIB (1024), cpu=SECONDS (120), "
                             "file=MIB (64), files=N (4096), processes=N (256; where they run as a user of their "
                             "own); repeatable")
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
    main.add_argument("--lang", choices=language.LANGUAGES, help="the language of --list: en, or zh-CN "
                                                                   "(default: the locale's)")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    grade = commands.add_parser("grade", parents=[common], help="build and grade labs (yours, or the solutions)",
                                description="Build each lab on its own and grade it.")
    grade.add_argument("labs", nargs="*", metavar="LAB", help="a lab's number or folder (01, 01-tcp-server); none: all")
    grade.add_argument("--impl", choices=("labs", "solutions"), default="labs",
                       help="grade labs/ (your code, the default) or solutions/ (the reference)")
    grade.add_argument("--preset", default="default", help="the CMake preset to build with (default: default)")
    grade.add_argument("--build-dir", metavar="DIR", help="build there instead of build/PRESET")
    grade.add_argument("--no-build", action="store_true", help="grade what is built already; build nothing")
    grade.add_argument("--watch", action="store_true",
                       help="then grade each lab again whenever its sources change, and say what changed (Ctrl+C "
                            "ends it)")
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
    bench.add_argument("lab", metavar="LAB", nargs="?", help="a lab with a TCP or UDP server (01, 03, 06, 08, 09)")
    bench.add_argument("--vs", metavar="LAB", nargs="+", default=[], help="more labs, in the same table")
    bench.add_argument("--cmd", metavar="COMMAND", action="append", default=[],
                       help="any server that speaks the protocol, in the same table (its command, with {host} and "
                            "{port}, as for check); repeatable")
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

    handout = commands.add_parser("export", help="write the student repository, or a Gradescope autograder",
                                 description="student: the repository students get (labs, harness, docs, the "
                                             "GitHub Classroom workflow; no solutions). gradescope: an autograder "
                                             "bundle (setup.sh, run_autograder, autograder.zip).")
    handout.add_argument("kind", choices=("student", "gradescope"))
    handout.add_argument("destination", metavar="DIR", help="a new (or empty) folder")
    handout.add_argument("--help-level", choices=export.HELP_LEVELS, default="full",
                        help="student: what each lab README gives for a TODO: full (a hint, then the code, both "
                             "collapsed; the default), hints (no code), none (neither)")
    handout.add_argument("--lang", choices=export.LANGUAGES, default=argparse.SUPPRESS,
                        help="student: the language of the starters' comments: en (the default) or zh-CN "
                             "(each lab's task sheet is in both)")
    handout.add_argument("--labs", nargs="+", default=[], metavar="LAB", help="gradescope: the labs to grade (all)")
    handout.add_argument("--visibility", metavar="CHECK=WHEN", action="append", default=[],
                        help="gradescope: when students see a check's result (WHEN: visible, hidden, "
                             "after_due_date, after_published; CHECK: a check, a lab, or all); repeatable")
    handout.add_argument("--hidden", metavar="CHECK", action="append", default=[],
                        help="gradescope: the same as --visibility CHECK=hidden (never shown to students)")
    handout.add_argument("--try", dest="try_paths", nargs="+", metavar="PATH",
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

    klass = commands.add_parser(
        "class", help="grade a whole class: a roster in, a gradebook out",
        description="Grade each student of ROSTER.csv (columns: student, repository: a folder or a git URL, and "
                    "optionally commit) with this harness, into DIR: gradebook.csv, summary.md, summary.html, and "
                    "each student's reports. Run it again to go on: students whose sources are unchanged are kept. "
                    "`class merge DIR... --output DIR` joins the folders of shards.")
    klass.add_argument("roster", metavar="ROSTER.csv", help="the roster (or `merge`, then the folders to join)")
    klass.add_argument("folders", nargs="*", metavar="DIR", help=argparse.SUPPRESS)
    klass.add_argument("--output", required=True, metavar="DIR", help="where the gradebook and reports go")
    klass.add_argument("--labs", nargs="+", default=[], metavar="LAB", help="the labs to grade (all)")
    klass.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="grade N students at once")
    klass.add_argument("--deadline", metavar="WHEN", help="grade each repository's last commit at or before WHEN "
                                                          "(e.g. \"2026-12-01 23:59 +0800\")")
    klass.add_argument("--regrade", action="store_true", help="grade again the students already graded")
    klass.add_argument("--shard", metavar="K/N", help="grade only the students K, K+N, K+2N... of the roster")
    klass.add_argument("--time-limit", type=float, default=class_grading.STUDENT_TIME_LIMIT, metavar="SECONDS",
                       help="for a student, builds included (default: %(default)g)")
    klass.add_argument("--limit", metavar="NAME=N", action="append", default=[],
                       help="a resource limit of the programs under test, as for grade; repeatable")

    commands.add_parser("list", help="the same as --list").add_argument(
        "--lang", choices=language.LANGUAGES, default=argparse.SUPPRESS, help="its language: en, or zh-CN")
    commands.add_parser("test", help="run the whole test suite (CTest: unit tests, solutions, starters)")
    commands.add_parser("setup", help="install what grading needs (Debian/Ubuntu), or say what to install")
    return main


def main(argv=None):
    interrupts.install_interrupt_handling()
    # A sanitizer's report ends the program at once (ASan and UBSan builds of the presets do;
    # TSan would go on), so that the check that met the bug fails and shows the report.
    os.environ.setdefault("TSAN_OPTIONS", "halt_on_error=1")
    _make_output_safe()
    arguments = parser().parse_args(argv)
    language.use(getattr(arguments, "lang", None) or language.from_environment())
    if argv is None and arguments.command in ("grade", "check") and arguments.sandbox != "off":
        namespaces.start_again_in_user_namespace(sys.argv[1:], ROOT)  # returns only where it cannot
    try:
        if arguments.list or arguments.command == "list":
            print(catalogue.render(arguments.list_format), end="")
            return 0
        if arguments.command == "test":
            return suite.run_test_suite(ROOT)
        if arguments.command == "bench":
            return bench.run_bench(arguments, ROOT)
        if arguments.command == "export":
            return (export.main if arguments.kind == "student" else gradescope_try.main)(arguments, ROOT)
        if arguments.command == "class":
            return class_grading.main(arguments, ROOT)
        if arguments.command == "autograde":
            return gradescope.autograde(arguments, ROOT)
        if arguments.command == "setup":
            prerequisites.main_for("test")
            print("everything grading and the tests need is installed")
            return 0
        if arguments.command is None:
            parser().print_help()
            return 2
        return grade(arguments)
    except (UsageError, CommandError, labs.UnknownLab, ValueError, HarnessError, gradescope.GradescopeError,
            export.ExportError) as error:
        print("harness: {}".format(error), file=sys.stderr)
        _report_error_to_classroom(arguments, error)
        return 2
    except BrokenPipeError:
        # The reader of our output went away (`... | head`): stop quietly.
        process.running.kill_all()
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        with interrupts.interrupts.ignored():
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


# --- running and reporting


def grade(arguments):
    """`grade` and `check`: plan, run, report; the exit status says how it went. With
    --watch, again and again (watch.py)."""
    if getattr(arguments, "watch", False):
        if arguments.format != "text" or arguments.output:
            raise UsageError("--watch tells what changed in the text report: leave out --format and --output")
        return watch.watch(arguments, ROOT, lambda numbers: run_grade(argparse.Namespace(**dict(
            vars(arguments), labs=numbers)))[1])
    return run_grade(arguments)[0]


def run_grade(arguments):
    """(exit status, RunResult) of one `grade` or `check` run."""
    to_run = plan(arguments)
    if to_run.notice:
        print("harness: " + to_run.notice, file=sys.stderr, flush=True)
    reporter, output = make_reporter(arguments)
    try:
        result = runner.run_plan(to_run, reporter)
    finally:
        if output is not None:
            output.close()
    statuses = {check.status for lab in result.labs for check in lab.checks}
    return (2 if ERROR in statuses else 1 if FAIL in statuses else 0), result


def make_reporter(arguments):
    """The reporter for --format and --output. The live text report goes to stdout unless
    the chosen format itself goes there; then it goes to stderr, if that is a terminal."""
    if arguments.format == "html" and not arguments.output:
        arguments.output = HTML_REPORT
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
    if arguments.format == "html":
        reporters.append(TextReporter(sys.stdout, arguments.verbose))
        reporters.append(HtmlReporter(output, os.path.abspath(arguments.output), tell=sys.stdout))
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


def _make_output_safe():
    """Text that a console cannot show is escaped, never a crash (Windows code pages)."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
