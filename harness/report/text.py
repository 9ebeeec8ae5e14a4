"""The text report: a live line per check, each lab's failures told as numbered steps
with their hint (a root cause that fails several checks told once), then a scoreboard.
Colour only on a terminal (and never with NO_COLOR)."""

import os
import textwrap

from ..results import ERROR, FAIL, PASS, SKIP
from ..language import say
from . import Reporter

MARKS = {PASS: "PASS", FAIL: "FAIL", ERROR: "ERROR", SKIP: "SKIP"}
COLOURS = {PASS: "32", FAIL: "31", ERROR: "35", SKIP: "33", "bold": "1", "dim": "2"}
WIDTH = 100


class TextReporter(Reporter):
    def __init__(self, stream, verbose=False):
        super().__init__()
        self.stream = stream
        self.verbose = verbose  # tell passing checks' steps too
        self.colour = _wants_colour(stream)
        self.parallel = False

    def _paint(self, text, style):
        return "\033[{}m{}\033[0m".format(COLOURS[style], text) if self.colour else text

    def _print(self, text=""):
        self.stream.write(text + "\n")
        self.stream.flush()

    def run_started(self, jobs, parallel):
        self.parallel = parallel > 1 and len(jobs) > 1
        self.name_width = max([len(job.name) for job in jobs] + [5])

    def job_started(self, job):
        if not self.parallel:
            self._print(self._paint(job.name, "bold") + (
                "  ({})".format(job.source_hint) if job.source_hint else ""))

    def check_finished(self, job, result):
        prefix = "{:<{}} ".format(job.name, self.name_width) if self.parallel else "  "
        seconds = "{:.2f}s".format(result.duration_s)
        line = "{}{:<5} {:<34} {:>3}/{:<3} {:>6}".format(
            prefix, MARKS[result.status], result.id, result.points, result.max_points, seconds)
        self._print(line.replace(MARKS[result.status], self._paint(MARKS[result.status], result.status), 1))

    def job_finished(self, job, lab_result):
        told = [check for check in lab_result.checks if check.status in (FAIL, ERROR)
                or (self.verbose and check.transcript)]
        if self.parallel:
            if told:
                self._print(self._paint("{}: {}/{}".format(job.name, lab_result.score, lab_result.max_score), "bold"))
        else:
            self._print("  " + say("score {}/{}", lab_result.score, lab_result.max_score))
        # One root cause (a TODO not done yet) may fail many checks: its story is told once.
        groups = {}  # cause (or the check itself, for a failure of its own) -> its checks, in order
        for check in told:
            cause = None if self.verbose else _cause(check)
            groups.setdefault(cause if cause is not None else id(check), []).append(check)
        for checks in groups.values():
            self.tell(checks[0])
            role = checks[0].id.split("/", 1)[0] + "/"
            of_role = [check for check in checks[1:] if check.id.startswith(role)]
            if len(checks) > 2 and len(groups) == 1:  # (one more is named: "fails the other 1 checks" reads badly)
                self._print("   " + self._paint(say("the same mistake fails the other {} checks too",
                                                    len(checks) - 1), "bold"))
            elif len(of_role) > 1 and len(of_role) == sum(check.id.startswith(role) for check in told) - 1:
                others = [check.id for check in checks[1:] if not check.id.startswith(role)]  # every one of its role
                told_once = say("the same mistake fails the other {} {} checks too", len(of_role), role[:-1])
                self._wrapped("   " + self._paint(told_once, "bold"),
                              "".join(say(", and {}", id) for id in others))
            elif len(checks) > 1:
                self._wrapped("   " + self._paint(say("the same mistake fails {} more: ", len(checks) - 1), "bold"),
                              ", ".join(_same_role_short(check.id, checks[0].id) for check in checks[1:]))
        skipped = {}
        for check in lab_result.checks:
            if check.status == SKIP:
                skipped.setdefault(check.message, []).append(check.id)
        for reason, ids in skipped.items():
            self._print()
            counted = say(" {} check: " if len(ids) == 1 else " {} checks: ", len(ids))
            self._wrapped("  " + self._paint("SKIP", SKIP) + counted, reason)
        self._print()

    def tell(self, check):
        """A check that did not pass (or any, verbose): what it proves, its numbered steps,
        the expectation it failed, the hint."""
        self._print()
        self._print("  " + self._paint("{} {}".format(MARKS[check.status], check.id), check.status) +
                    self._paint(say("  proves: {}", check.proves), "dim"))
        for number, step in enumerate(check.transcript, 1):
            self._wrapped("{:>4}. ".format(number), step)
        if check.message:
            self._wrapped("   ", check.message, style="bold")
        if check.hint:
            self._wrapped(say("   hint: "), check.hint)

    def _wrapped(self, first, text, style=None):
        indent = " " * len(first)
        for index, paragraph in enumerate(text.splitlines() or [""]):
            lead = first if index == 0 else indent
            if len(paragraph) + len(lead) <= WIDTH or paragraph.startswith(" "):
                lines = [lead + paragraph]
            else:
                lines = textwrap.wrap(paragraph, WIDTH, initial_indent=lead, subsequent_indent=indent,
                                      break_long_words=False, break_on_hyphens=False)
            for line in lines:
                self._print(self._paint(line, style) if style else line)

    def run_finished(self, run_result):
        if len(run_result.labs) > 1:
            self._print(self._paint(say("scoreboard"), "bold"))
            width = max(len(lab.name) for lab in run_result.labs)
            for lab in run_result.labs:
                status = PASS if lab.passed else FAIL
                self._print("  {:<{}}  {:>4}/{:<4} {}".format(
                    lab.name, width, lab.score, lab.max_score, self._paint(MARKS[status], status)))
            self._print("  {:<{}}  {:>4}/{:<4}".format(say("total"), width, run_result.score, run_result.max_score))


def _cause(check):
    """What a failure comes down to. A program that ended saying the same on stderr (a TODO
    not done yet) is one cause, whatever each check expected of it; otherwise the hint and
    what the programs said. Checks that fail with the same cause are told once."""
    if check.status != FAIL:
        return None
    stderr = tuple(step for step in check.transcript if "'s stderr" in step)
    if stderr and any(" exited with status " in text for text in check.transcript + [check.message]):
        return "ended", stderr
    return (check.hint_id, stderr) if check.hint_id else None


def _wants_colour(stream):
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return hasattr(stream, "isatty") and stream.isatty() and (os.name != "nt" or "WT_SESSION" in os.environ
                                                               or "TERM" in os.environ)


def _same_role_short(check_id, first_id):
    """A check's id without its role when that is the role of `first_id`, told just above:
    "line-server/timestamp" after "line-server/starts" is "timestamp"."""
    role, name = check_id.split("/", 1)
    return name if first_id.split("/", 1)[0] == role else check_id
