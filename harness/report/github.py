"""The github format, for GitHub Actions and GitHub Classroom:
- an error annotation per failed check (shown on the run, and on the file of the lab);
- the job summary ($GITHUB_STEP_SUMMARY): a markdown table per lab, failures told below;
- the result GitHub Classroom's grading reporter reads: JSON with a test per check, written
  base64-encoded as the step output `result` ($GITHUB_OUTPUT), and plain to --output."""

import base64
import json
import os

from ..results import ERROR, FAIL, PASS, SKIP
from . import DocumentReporter, failure_text, full_name

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
        return json.dumps(classroom_result(run_result), indent=2, ensure_ascii=False) + "\n"

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
            encoded = base64.b64encode(json.dumps(classroom_result(run_result)).encode("utf-8")).decode("ascii")
            with open(output_path, "a", encoding="utf-8") as output:
                output.write("result={}\n".format(encoded))
        if self.stream is not None:
            super().run_finished(run_result)

    def _annotate(self, lab, check):
        properties = "title=" + _escape_property("{} ({}/{})".format(full_name(lab, check.id), 0, check.max_points))
        source = self.sources.get(lab.name, "")
        if source and os.path.isdir(source):
            files = sorted(name for name in os.listdir(source) if name.endswith(".cpp"))
            if files:
                properties = "file={},".format(_escape_property(source + "/" + files[0])) + properties
        self.annotations.write("::error {}::{}\n".format(properties, _escape_data(failure_text(check))))


def classroom_result(run_result):
    """The shape GitHub Classroom's autograding-grading-reporter reads from a runner."""
    status = "pass" if run_result.passed else (
        "error" if any(check.status == ERROR for lab in run_result.labs for check in lab.checks) else "fail")
    return {
        "version": 1,
        "status": status,
        "max_score": run_result.max_score,
        "tests": [{
            "name": full_name(lab, check.id),
            "status": "pass" if check.status == PASS else ("error" if check.status == ERROR else "fail"),
            "score": check.points,
            "message": "" if check.status == PASS else failure_text(check),
            "execution_time": "{:.2f}s".format(check.duration_s),
        } for lab in run_result.labs for check in lab.checks],
    }


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
            lines += ["", "<details><summary>{} <code>{}</code></summary>".format(ICONS[check.status], check.id),
                      "", "```text", failure_text(check), "```", "</details>"]
        lines.append("")
    return "\n".join(lines) + "\n"


def _cell(text):
    return text.replace("|", "\\|").replace("\n", " ")


def _escape_data(text):
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text):
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
