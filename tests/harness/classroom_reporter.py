"""GitHub Classroom's grading reporter (classroom-resources/autograding-grading-reporter@v1,
src/main.js, console-results.js, notify-classroom.js), its reading of the steps' results
told again in Python, line for line, so that the tests feed our `github` output to the
reader as it really is and not to a friendlier one. What it does, in order:

1. for each id of `runners` (split on ","), reads $<ID upper-cased>_RESULTS, decodes it
   from base64 and parses it as JSON: a missing or broken result throws, and then nothing
   at all reaches Classroom (setFailed with the error's message);
2. logs each test: status "pass" as "✅ name" (plus " - line N" when line_no !== 0, so a
   missing line_no prints "line undefined"), "error" as "Error: message", anything else as
   "❌ name"; then, if max_score, "Total points for ID: P/MAX" where P is passed tests /
   tests x max_score;
3. tells Classroom "Points T/M": T the sum of every test's `score`, M the sum of
   `max_score`, over the runners whose max_score is truthy;
4. fails the step if a runner's status is "fail" (or else "error")."""

import base64
import json

UNDEFINED = object()  # JavaScript's undefined: a field the JSON does not have


class ReporterFailed(Exception):
    """core.setFailed: the step fails; with a throw, Classroom gets no points at all."""


def _field(record, name):
    return record.get(name, UNDEFINED) if isinstance(record, dict) else UNDEFINED


def _js(value):
    return "undefined" if value is UNDEFINED else str(value)


def read(runners, environ):
    """What the reporter makes of the steps' results: (log lines, points sent to
    Classroom as (total, max) or None, failed step message or None). Raises ReporterFailed
    where the reporter throws before telling Classroom anything."""
    results = []
    for runner in runners.split(","):
        encoded = environ.get(runner.strip().upper() + "_RESULTS")
        if encoded is None:  # Buffer.from(undefined) throws
            raise ReporterFailed("The first argument must be of type string ... Received undefined")
        try:
            results.append((runner, json.loads(base64.b64decode(encoded).decode("utf-8"))))
        except ValueError as error:
            raise ReporterFailed(str(error)) from None
    log = []
    for runner, result in results:
        tests = result["tests"]
        max_score = result.get("max_score") or 0
        passed = sum(1 for test in tests if test.get("status") == "pass")
        log.append("🔄 Processing: {}".format(runner))
        for test in tests:
            line_no = _field(test, "line_no")
            line = " - line {}".format(_js(line_no)) if line_no != 0 else ""
            if test.get("status") == "pass":
                log.append("✅ {}{}".format(test["name"], line))
            elif test.get("status") == "error":
                log.append("Error: {}".format(test.get("message") or "Failed to run test '{}'".format(test["name"])))
            else:
                log.append("❌ {}{}".format(test["name"], line))
        if max_score:
            log.append("Total points for {}: {:.2f}/{}".format(runner, passed / len(tests) * max_score, max_score))
    total = sum(test["score"] for _, result in results if result.get("max_score") for test in result["tests"])
    maximum = sum(result["max_score"] for _, result in results if result.get("max_score"))
    points = (total, maximum) if maximum else None
    failed = None
    if any(result.get("status") == "fail" for _, result in results):
        failed = "Some tests failed."
    elif any(result.get("status") == "error" for _, result in results):
        failed = "Some tests errored."
    return log, points, failed
