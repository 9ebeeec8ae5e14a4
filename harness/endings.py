"""How the programs of a check ended, told after it did not pass: the notes (each
program's exit and the end of its stderr) and the root cause, the hint of what a
program's own end shows, which outranks the hint of the check that saw the symptom."""

import re

from . import namespaces

CRASHES = ("SIGSEGV", "SIGABRT", "SIGBUS", "SIGFPE", "SIGILL")
SANITIZER = re.compile(r"(Thread|Address|Leak|UndefinedBehavior)Sanitizer|runtime error: ")


def after_failure(programs, subject, said, failed):
    """(the notes, the root cause's hint id or None) for a check that did not pass; the
    root cause only if it failed (not for a skip or a harness error)."""
    told = notes(programs, said)
    cause = root_cause(programs, subject) if failed else None
    limit = subject.limits.told(cause) if subject.limits and cause else None
    if limit:
        told.append("the sandbox stopped it: " + limit)
    return told, cause


def notes(programs, said):
    """How each program ended, unless `said` (the steps so far) tells it, with the end of
    its stderr."""
    told = []
    for program in programs:
        ending = program.describe_exit()
        if program.poll() is not None and ending not in said:
            told.append("{} {}".format(program.name, ending))
        lines = program.stderr.text().strip().splitlines()
        if lines:
            shown = lines[-8:]
            told.append("{}'s stderr{}: {}".format(
                program.name, " (last lines)" if len(lines) > len(shown) else "",
                " | ".join(line.rstrip() for line in shown)))
    return told


def root_cause(programs, subject):
    """The hint id for what ended one of `programs`, if it tells more than any check can: a
    resource limit reached, a network beyond loopback tried, a write where it may not, a sanitizer's report,
    std::terminate(), a crash; else None."""
    for program in programs:
        stderr = program.stderr.text()
        limit = subject.limits.story(program.poll(), stderr) if subject.limits else None
        if limit:
            return limit
        if subject.sandboxed and namespaces.reached_beyond_loopback(stderr):
            return "loopback-only"
        if subject.sandboxed and namespaces.wrote_where_it_may_not(stderr):
            return "read-only-files"
        if SANITIZER.search(stderr):
            return "sanitizer-report"
        if "terminate called" in stderr or "std::terminate" in stderr:
            return "terminate"
    for program in programs:
        status = program.poll()
        if status is not None and status < 0 and any(name in program.describe_exit() for name in CRASHES):
            return "crashed"
    return None
