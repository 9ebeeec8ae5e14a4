"""How the programs of a check ended, told after it did not pass: the notes (each
program's exit and the end of its stderr) and the root cause, the hint of what a
program's own end shows, which outranks the hint of the check that saw the symptom."""

import os
import re

from . import namespaces
from .exits import is_crash
SANITIZER = re.compile(r"(Thread|Address|Leak|UndefinedBehavior)Sanitizer|runtime error: ")
TODO_NOT_DONE = re.compile(r"TODO \d+ is not done yet")  # what a lab's starter says where it stops
HEADLINE = re.compile(r"(ERROR|WARNING): \w+Sanitizer|runtime error: ")
# "#1 0x55f6d051f235 in reply(char const*) /home/me/labs/x.cpp:4" (ASan), "#0 serve() /x.cpp:4 (x+0x1285)" (TSan)
FRAME = re.compile(r"^\s*#\d+ (?:0x[0-9a-f]+ in )?(.+?) (/[^\s()]+:\d+)(?::\d+)? ?(?:\(.*\))?$")


def after_failure(programs, subject, said, failed):
    """(the notes, the root cause's hint id or None) for a check that did not pass; the
    root cause only if it failed (not for a skip or a harness error)."""
    told = notes(programs, said)
    cause = root_cause(programs, subject) if failed else None
    limit = subject.limits.told(cause) if subject.limits and cause else None
    if limit:
        told.append((None, "the sandbox stopped it: " + limit))
    return told, cause


def notes(programs, said):
    """How each program ended, unless `said` (the steps so far) tells it, with the end of
    its stderr: (the program, the note) each."""
    told = []
    for program in programs:
        ending = program.describe_exit()
        if program.poll() is not None and ending not in said:
            told.append((program, "{} {}".format(program.name, ending)))
        stderr = program.stderr.text()
        report = sanitizer_report(stderr)
        lines = stderr.strip().splitlines()
        if report:
            told.append((program, "{}'s stderr, the sanitizer's report cut to what matters: {}".format(
                program.name, " | ".join(report))))
        elif lines:
            shown = lines[-8:]
            told.append((program, "{}'s stderr{}: {}".format(
                program.name, " (last lines)" if len(lines) > len(shown) else "",
                " | ".join(line.rstrip() for line in shown))))
    return told


def sanitizer_report(stderr, most=4):
    """What matters in a sanitizer's report on `stderr` (None if it holds none): its first
    line, up to `most` lines that say what happened (a READ of size 4, where the memory was
    allocated, the previous write), each with the first frame of its stack in the program's
    own files (not the system's, the sanitizer's or asio's), and the SUMMARY line. The rest
    (frames in libraries, the shadow bytes' legend) is what a reader skips anyway."""
    lines = stderr.splitlines()
    start = next((index for index, line in enumerate(lines) if HEADLINE.search(line)), None)
    if start is None:
        return None
    told, described, framed = [lines[start].strip()], 0, True  # framed: this stack's frame is told, or skipped
    for line in lines[start + 1:]:
        text = line.strip()
        if text.startswith("SUMMARY:"):
            told.append(text)
            break
        if text.startswith("#"):
            frame = FRAME.match(line)
            if not framed and frame and _own(frame.group(2)):
                told.append("in {} at {}".format(frame.group(1), frame.group(2).replace(os.getcwd() + os.sep, "")))
                framed = True
        elif text and described < most and not text.startswith("Thread T"):  # (which thread made which)
            told.append(text.split("==", 2)[-1] if text.startswith("==") else text)
            described, framed = described + 1, False
        elif text:
            framed = True
    return told


def _own(location):
    """Whether a frame's file is the program's own: not the system's, asio's or the sanitizer's."""
    return not location.startswith(("/usr/", "../")) and "/asio/" not in location and "libsanitizer" not in location


def root_cause(programs, subject):
    """The hint id for what ended one of `programs`, if it tells more than any check can: a
    resource limit reached, a network beyond loopback tried, a write where it may not, a sanitizer's report,
    std::terminate(), a starter's TODO not done yet, a crash; else None."""
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
        if "UnicodeDecodeError" in stderr:
            return "decodes-text"
        if "terminate called" in stderr or "std::terminate" in stderr:
            return "terminate"
        if TODO_NOT_DONE.search(stderr):
            return "todo-not-done"
    for program in programs:
        status = program.poll()
        if is_crash(status):
            return "crashed"
    return None
