"""The github format, for GitHub Actions and GitHub Classroom:
- an error annotation per failed check (shown on the run, and on the file of the lab);
- the job summary ($GITHUB_STEP_SUMMARY): a markdown table per lab, failures told below,
  each as a Mermaid sequence diagram (GitHub draws it) and as its numbered steps;
- the result GitHub Classroom's grading reporter reads: JSON with a test per check, written
  base64-encoded as the step output `result` ($GITHUB_OUTPUT), and plain to --output.

The reporter (classroom-resources/autograding-grading-reporter) reads of each step's result
`status`, `max_score` and `tests[]`: `name`, `status`, `score`, `message`, `line_no`,
`execution_time`. It sends Classroom the sum of the tests' `score` out of the sum of the
`max_score`s; its log prints each step's points as passed tests / tests x max_score, which
differs when checks weigh differently (docs/instructors.md says so). It reads every step
named in `runners`, and one step without a result makes it fail whole: so a result is
written even when grading cannot start (error_result)."""

import base64
import json
import os

from ..results import ERROR, FAIL, PASS, SKIP
from . import DocumentReporter, failure_text, full_name, sequence, source_line

ICONS = {PASS: "✅", FAIL: "❌", ERROR: "⚠️", SKIP: "⏭️"}


class GithubReporter(DocumentReporter):
    def __init__(self, stream, annotations, environ=None):
        """stream: where the Classroom JSON goes (--output, or nothing if None);
        annotations: where workflow commands go (stdout)."""
        super().__init__(stream)
        self.annotations = annotations
        self.environ = os.environ if environ is None else environ
        self.sources = {}

    def job_started(self, job):
        self.sources[job.name] = job.source_hint

    def render(self, run_result):
        return json.dumps(classroom_result(run_result, self.place), indent=2, ensure_ascii=False) + "\n"

    def run_finished(self, run_result):
        for lab in run_result.labs:
            for check in lab.checks:
                if check.status in (FAIL, ERROR):
                    self._annotate(lab, check)
        self.annotations.flush()
        summary_path = self.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as summary:
                summary.write(markdown_summary(run_result))
        output_path = self.environ.get("GITHUB_OUTPUT")
        if output_path:
            write_result(output_path, classroom_result(run_result, self.place))
        if self.stream is not None:
            super().run_finished(run_result)

    def place(self, lab, check):
        """(path, line) in the lab's sources that a failure is about: the line a compiler
        error or a crash's stack names, else line 0 of the lab's first source file."""
        folder = self.sources.get(lab.name, "")
        files = sorted(name for name in os.listdir(folder) if name.endswith(".cpp")) if os.path.isdir(folder) else []
        if not files:
            return None
        found = source_line(check, files)
        return (folder + "/" + found[0], found[1]) if found else (folder + "/" + files[0], 0)

    def _annotate(self, lab, check):
        properties = "title=" + _escape_property("{} ({}/{})".format(full_name(lab, check.id), 0, check.max_points))
        place = self.place(lab, check)
        if place:
            properties = "file={},".format(_escape_property(place[0])) + (
                "line={},".format(place[1]) if place[1] else "") + properties
        self.annotations.write("::error {}::{}\n".format(properties, _escape_data(failure_text(check))))


def classroom_result(run_result, place=lambda lab, check: None):
    """The shape GitHub Classroom's autograding-grading-reporter reads from a runner. A check
    that cannot run here (0 of 0 points) passes, as in every format; `place(lab, check)`
    gives the source line a failure points at (line_no; 0 when none is known)."""
    checks = [(lab, check) for lab in run_result.labs for check in lab.checks]
    errors = any(check.status == ERROR for _, check in checks)
    lost = any(check.lost_points for _, check in checks)
    return {
        "version": 1,
        "status": "error" if errors else ("fail" if lost or not checks else "pass"),
        "max_score": run_result.max_score,
        "tests": [{
            "name": full_name(lab, check.id),
            "status": "error" if check.status == ERROR else ("fail" if check.lost_points else "pass"),
            "score": check.points,
            "message": "" if check.status == PASS else failure_text(check),
            "line_no": (place(lab, check) or (None, 0))[1] if check.lost_points else 0,
            "execution_time": "{:.2f}s".format(check.duration_s),
        } for lab, check in checks],
    }


def error_result(message, max_score):
    """The result of a step that could not grade at all (the build could not be configured,
    a bad option): the points it stands for are lost, and the reporter still reads it."""
    return {"version": 1, "status": "error", "max_score": max_score, "tests": [{
        "name": "grading", "status": "error", "score": 0, "message": message, "line_no": 0,
        "execution_time": "0.00s"}]}


def write_result(output_path, result):
    """Appends the step output `result` (the base64 of the JSON) to $GITHUB_OUTPUT."""
    encoded = base64.b64encode(json.dumps(result).encode("utf-8")).decode("ascii")
    with open(output_path, "a", encoding="utf-8") as output:
        output.write("result={}\n".format(encoded))


def markdown_summary(run_result):
    lines = ["## Socket labs: {}/{}".format(run_result.score, run_result.max_score), ""]
    for lab in run_result.labs:
        lines += ["### {}: {}/{}".format(lab.name, lab.score, lab.max_score), "",
                  "| | check | points | what it proves |", "|---|---|---:|---|"]
        for check in lab.checks:
            lines.append("| {} | `{}` | {}/{} | {} |".format(
                ICONS[check.status], check.id, check.points, check.max_points, _cell(check.proves)))
        failed = [check for check in lab.checks if check.status in (FAIL, ERROR)]
        for check in failed:
            lines += ["", "<details><summary>{} <code>{}</code></summary>".format(ICONS[check.status], check.id), ""]
            if check.steps:
                lines += ["```mermaid", sequence.mermaid(check), "```", ""]
            lines += ["```text", failure_text(check), "```", "</details>"]
        lines.append("")
    return "\n".join(lines) + "\n"


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def _escape_data(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text):
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
