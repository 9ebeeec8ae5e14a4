"""The formats machines read: json (SPEC section 4), junit (JUnit XML), and gradescope
(the results.json a Gradescope autograder writes)."""

import json
import re
import xml.etree.ElementTree as ElementTree

from ..results import ERROR, FAIL, PASS, SKIP
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
    def render(self, run_result):
        suites = ElementTree.Element("testsuites", name="socket labs", tests=str(_count(run_result.labs)),
                                     failures=str(_count(run_result.labs, FAIL)),
                                     errors=str(_count(run_result.labs, ERROR)),
                                     time=_seconds(sum(c.duration_s for lab in run_result.labs for c in lab.checks)))
        for lab in run_result.labs:
            suite = ElementTree.SubElement(
                suites, "testsuite", name=lab.name, tests=str(len(lab.checks)),
                failures=str(_count([lab], FAIL)), errors=str(_count([lab], ERROR)),
                skipped=str(_count([lab], SKIP)), time=_seconds(sum(c.duration_s for c in lab.checks)))
            for check in lab.checks:
                case = ElementTree.SubElement(suite, "testcase", classname=lab.name, name=check.id,
                                              time=_seconds(check.duration_s))
                if check.status == FAIL:
                    ElementTree.SubElement(case, "failure", message=first_line(check.message, "failed"),
                                           type=check.hint_id or "failure").text = xml_text(failure_text(check))
                elif check.status == ERROR:
                    ElementTree.SubElement(case, "error", message=first_line(check.message, "error"),
                                           type="harness").text = xml_text(failure_text(check))
                elif check.status == SKIP:
                    ElementTree.SubElement(case, "skipped", message=xml_text(check.message))
                ElementTree.SubElement(case, "properties").extend([
                    ElementTree.Element("property", name="points", value=str(check.points)),
                    ElementTree.Element("property", name="max_points", value=str(check.max_points))])
        if hasattr(ElementTree, "indent"):  # Python 3.9+
            ElementTree.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(suites, encoding="unicode") + "\n"


class GradescopeReporter(DocumentReporter):
    """Gradescope's results.json: a test per check, with its score and its story.
    hidden: ids of checks whose result students do not see (instructors do)."""

    def __init__(self, stream, hidden=()):
        super().__init__(stream)
        self.hidden = set(hidden)

    def render(self, run_result):
        tests = []
        for lab in run_result.labs:
            for check in lab.checks:
                test = {
                    "name": full_name(lab, check.id),
                    "score": check.points,
                    "max_score": check.max_points,
                    "status": "passed" if check.status in (PASS, SKIP) and check.points == check.max_points
                    else "failed",
                    "output": check.proves + ("\n\n" + failure_text(check) if check.status != PASS else ""),
                    "visibility": "hidden" if check.id in self.hidden or full_name(lab, check.id) in self.hidden
                    else "visible",
                }
                tests.append(test)
        summary = "\n".join("{}: {}/{}".format(lab.name, lab.score, lab.max_score) for lab in run_result.labs)
        document = {"score": run_result.score, "output": summary, "tests": tests,
                    "visibility": "visible", "stdout_visibility": "hidden"}
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _count(lab_results, status=None):
    return sum(1 for lab in lab_results for check in lab.checks if status is None or check.status == status)


def _seconds(value):
    return "{:.3f}".format(value)
