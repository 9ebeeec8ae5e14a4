"""The formats machines read: json (SPEC section 4), junit (JUnit XML), and gradescope
(the results.json of Gradescope's autograder specification)."""

import json
import re
import time
import xml.etree.ElementTree as ElementTree

from ..results import ERROR, PASS, SKIP
from .. import __version__
from . import DocumentReporter, failure_text, full_name


class JsonReporter(DocumentReporter):
    def render(self, run_result):
        return json.dumps(run_result.as_dict(), indent=2, ensure_ascii=False) + "\n"


NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text):
    """Text that XML 1.0 can hold: a program's stderr may carry ESC or NUL, which it cannot."""
    return NOT_XML.sub(lambda match: "\\x{:02x}".format(ord(match.group(0))), text)


def first_line(text, default):
    return xml_text(text.splitlines()[0]) if text.strip() else default


class JunitReporter(DocumentReporter):
    """A testcase per check. A check not run because of an earlier failure lost its points:
    it is a failure here too, as in every format; one that cannot run here is skipped."""

    def render(self, run_result):
        suites = ElementTree.Element("testsuites", name="socket labs", tests=str(_count(run_result.labs)),
                                     failures=str(_count(run_result.labs, "failure")),
                                     errors=str(_count(run_result.labs, "error")),
                                     time=_seconds(sum(c.duration_s for lab in run_result.labs for c in lab.checks)))
        for lab in run_result.labs:
            suite = ElementTree.SubElement(
                suites, "testsuite", name=lab.name, tests=str(len(lab.checks)),
                failures=str(_count([lab], "failure")), errors=str(_count([lab], "error")),
                skipped=str(_count([lab], "skipped")), time=_seconds(sum(c.duration_s for c in lab.checks)))
            for check in lab.checks:
                case = ElementTree.SubElement(suite, "testcase", classname=lab.name, name=check.id,
                                              time=_seconds(check.duration_s))
                kind = _junit_kind(check)
                if kind == "failure":
                    ElementTree.SubElement(case, "failure", message=first_line(check.message, "failed"),
                                           type=check.hint_id or "failure").text = xml_text(failure_text(check))
                elif kind == "error":
                    ElementTree.SubElement(case, "error", message=first_line(check.message, "error"),
                                           type="harness").text = xml_text(failure_text(check))
                elif kind == "skipped":
                    ElementTree.SubElement(case, "skipped", message=xml_text(check.message))
                ElementTree.SubElement(case, "properties").extend([
                    ElementTree.Element("property", name="points", value=str(check.points)),
                    ElementTree.Element("property", name="max_points", value=str(check.max_points))])
        if hasattr(ElementTree, "indent"):  # Python 3.9+
            ElementTree.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


def _junit_kind(check):
    if check.status == ERROR:
        return "error"
    if check.lost_points:
        return "failure"
    return "skipped" if check.status == SKIP else "passed"


VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")  # Gradescope's words


class GradescopeReporter(DocumentReporter):
    """Gradescope's results.json (see gradescope_results)."""

    def __init__(self, stream, visibility=None, notes=()):
        super().__init__(stream)
        self.visibility = visibility or {}
        self.notes = list(notes)
        self.started = time.monotonic()

    def document(self, run_result, unfinished=""):
        return gradescope_results(run_result, self.visibility, self.notes, seconds=time.monotonic() - self.started,
                                  unfinished=unfinished)

    def render(self, run_result):
        return render_json(self.document(run_result))


def render_json(document):
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def gradescope_results(run_result, visibility=None, notes=(), seconds=None, unfinished=""):
    """The results.json of Gradescope's autograder specification: a test per check with
    its score, its story in Markdown and the hint's id as a tag.

    visibility: {key: when}, when one of VISIBILITIES, key a check id, "LAB CHECK" (its full
    name), a lab ("01" or "01-tcp-server") or "all"; the most specific key wins. `builds`
    stays visible under "all" (a student must see that the code compiled) unless named.
    notes: lines for the student about the submission (which files were graded).
    unfinished: why grading stopped early, if it did (the checks that ran are still there)."""
    visibility = visibility or {}

    def when(lab, check):
        for key in (full_name(lab, check.id), check.id, lab.id, lab.name):
            if key in visibility:
                return visibility[key]
        return "visible" if check.id == "builds" else visibility.get("all", "visible")

    tests = []
    for lab in run_result.labs:
        for check in lab.checks:
            test = {
                "name": full_name(lab, check.id),
                "score": check.points,
                "max_score": check.max_points,
                "status": "failed" if check.lost_points else "passed",
                "output": markdown_story(check),
                "output_format": "md",
                "tags": [check.hint_id] if check.hint_id else [],
                "extra_data": {"status": check.status, "duration_s": round(check.duration_s, 3)},
            }
            if when(lab, check) != "visible":
                test["visibility"] = when(lab, check)
            tests.append(test)
    lines = []
    if unfinished:
        lines += ["**Grading stopped before it finished:** " + unfinished, ""]
    lines += ["- " + note for note in notes]
    if all("visibility" not in test for test in tests):  # scores may be told: none is held back
        lines += ["", "| lab | score |", "|---|---:|"] + [
            "| {} | {}/{} |".format(lab.name, lab.score, lab.max_score) for lab in run_result.labs]
    document = {
        "score": run_result.score,
        "output": "\n".join(lines).strip() + "\n",
        "output_format": "md",
        "visibility": "visible",
        "stdout_visibility": "hidden",  # the text report, which tells held-back checks too
        "extra_data": {"harness_version": __version__, "max_score": run_result.max_score},
        "tests": tests,
    }
    if seconds is not None:
        document["execution_time"] = int(round(seconds))
    return document


def markdown_story(check):
    """What a check proves and, unless it passed, its steps in a code block and its hint."""
    parts = [check.proves]
    if check.status == SKIP and not check.lost_points:
        parts.append("Not graded here: " + check.message)
    elif check.status != PASS:
        story = "\n".join(["{}. {}".format(number, step) for number, step in enumerate(check.transcript, 1)]
                          + ([check.message] if check.message else []))
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", story)), default=0))
        parts.append("{}text\n{}\n{}".format(fence, story, fence))
        if check.hint:
            parts.append("**Hint:** " + check.hint)
    return "\n\n".join(part for part in parts if part)


def _count(lab_results, kind=None):
    return sum(1 for lab in lab_results for check in lab.checks if kind is None or _junit_kind(check) == kind)


def _seconds(value):
    return "{:.3f}".format(value)
