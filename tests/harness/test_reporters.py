"""The reporters, given a run made by hand (a pass, a fail with its story and hint, an
error and a skip): each format parses, has the fields its reader needs, and puts each
status where it belongs."""

import base64
import io
import json
import os
import shutil
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from unittest import mock

import harness
from harness import hints
from harness.report import Reporters
from harness.report import sequence
from harness.report.github import GithubReporter
from harness.report.machine import GradescopeReporter, JsonReporter, JunitReporter
from harness.report.text import TextReporter
from harness.results import (END, ERROR, FAIL, PASS, RECEIVED, SENT, SIGNAL_TO, SKIP, START, CheckResult, LabResult,
                             RunResult, Step)
from harness.runner import Job
from tests.harness import classroom_reporter, gradescope_schema
from tests.harness.support import CLASSROOM_WORKFLOW

LAB = "01-tcp-server"
PASSED, FAILED, ERRED, SKIPPED = ("tcp-server/starts", "tcp-server/reply-format", "tcp-server/timestamp",
                                  "tcp-server/concurrent-clients")
REPLY = "\"at Wed Nov  5 09:03:07 2026 :b'hello'\""
TIMELINE = [Step("started `build/default/labs/01-tcp-server/tcp_server --port 0`, with no input", 0.0, START, "server"),
            Step("it printed \"listening on 127.0.0.1:40001\"", 0.012),
            Step("connected to 127.0.0.1:40001", 0.013, SIGNAL_TO, "server"),
            Step("sent \"hello\" (5 bytes)", 0.014, SENT, "server", "\"hello\"", 5),
            Step("received {} (37 bytes)".format(REPLY), 0.016, RECEIVED, "server", REPLY, 37)]
STEPS = [step.text for step in TIMELINE]
MESSAGE = "expected the reply to be \"at \" + a 24-character timestamp + \" :\" + \"hello\""


def make_run():
    checks = [
        CheckResult(PASSED, PASS, 30, 30, proves="it starts", duration_s=0.25),
        CheckResult(FAILED, FAIL, 0, 40, proves="a message gets back \"at TIMESTAMP :MESSAGE\"", message=MESSAGE,
                    hint=hints.HINTS["python-bytes"], hint_id="python-bytes", steps=list(TIMELINE),
                    duration_s=1.5),
        CheckResult(ERRED, ERROR, 0, 20, proves="the timestamp is the local time now",
                    message="port 21567 is in use by another program: stop it\nsecond line", duration_s=0.01),
        CheckResult(SKIPPED, SKIP, 0, 10, proves="an idle client does not block another",
                    message="not run: the lab does not build"),
    ]
    return RunResult(labs=[LabResult("01", LAB, checks)])


def make_platform_skip_run():
    """A pass, and a check that cannot run on this machine (0 of 0 points)."""
    return RunResult(labs=[LabResult("01", LAB, [
        CheckResult(PASSED, PASS, 100, 100, proves="it starts"),
        CheckResult(SKIPPED, SKIP, 0, 0, proves="an idle client does not block another",
                    message="this Python has no AF_UNIX sockets")])])


def make_job(run):
    lab = run.labs[0]
    return Job(id=lab.id, name=lab.name, check_ids=[check.id for check in lab.checks],
               points={check.id: check.max_points for check in lab.checks}, source_hint="labs/" + LAB)


def play(reporter, run):
    """Tells `reporter` of the run's events, as the runner does."""
    job = make_job(run)
    reporter.run_started([job], 1)
    reporter.job_started(job)
    for check in run.labs[0].checks:
        reporter.check_finished(job, check)
    reporter.job_finished(job, run.labs[0])
    reporter.run_finished(run)


class Json(unittest.TestCase):
    def setUp(self):
        self.run = make_run()
        stream = io.StringIO()
        play(JsonReporter(stream), self.run)
        self.document = json.loads(stream.getvalue())

    def test_has_the_fields_of_the_spec(self):
        document = self.document
        self.assertLessEqual({"score", "max_score", "labs"}, set(document))
        self.assertEqual((document["score"], document["max_score"]), (30, 100))
        self.assertEqual(len(document["labs"]), 1)
        lab = document["labs"][0]
        self.assertLessEqual({"id", "score", "max_score", "checks"}, set(lab))
        self.assertEqual((lab["id"], lab["score"], lab["max_score"]), ("01", 30, 100))
        fields = {"id", "status", "points", "max_points", "message", "hint", "transcript", "duration_s"}
        for check in lab["checks"]:
            with self.subTest(check=check["id"]):
                self.assertLessEqual(fields, set(check))
                self.assertIn(check["status"], ("pass", "fail", "error", "skip"))
                self.assertIsInstance(check["points"], int)
                self.assertIsInstance(check["max_points"], int)
                self.assertIsInstance(check["message"], str)
                self.assertIsInstance(check["hint"], str)
                self.assertIsInstance(check["transcript"], list)
                self.assertIsInstance(check["duration_s"], (int, float))

    def test_has_each_check_as_it_was(self):
        checks = {check["id"]: check for check in self.document["labs"][0]["checks"]}
        self.assertEqual([check["id"] for check in self.document["labs"][0]["checks"]],
                         [PASSED, FAILED, ERRED, SKIPPED])
        self.assertEqual({id: check["status"] for id, check in checks.items()},
                         {PASSED: "pass", FAILED: "fail", ERRED: "error", SKIPPED: "skip"})
        failed = checks[FAILED]
        self.assertEqual(failed["transcript"], STEPS)
        self.assertEqual([(step["at"], step["kind"], step.get("bytes")) for step in failed["steps"]],
                         [(0.0, "start", None), (0.012, "note", None), (0.013, "signal-to", None), (0.014, "sent", 5),
                          (0.016, "received", 37)])
        self.assertEqual([step["text"] for step in failed["steps"]], STEPS)
        self.assertEqual(failed["message"], MESSAGE)
        self.assertEqual(failed["hint"], hints.HINTS["python-bytes"])
        self.assertEqual((failed["points"], failed["max_points"]), (0, 40))
        self.assertEqual(failed["duration_s"], 1.5)
        self.assertEqual(checks[PASSED]["points"], 30)

    def test_keeps_utf8_readable(self):
        run = make_run()
        run.labs[0].checks[1].steps.append(Step("sent \"中文\" (6 bytes)"))
        stream = io.StringIO()
        JsonReporter(stream).run_finished(run)
        self.assertIn("中文", stream.getvalue())
        self.assertIn("sent \"中文\" (6 bytes)", json.loads(stream.getvalue())["labs"][0]["checks"][1]["transcript"])


class Junit(unittest.TestCase):
    def render(self, run):
        stream = io.StringIO()
        play(JunitReporter(stream), run)
        return stream.getvalue()

    def test_parses_with_a_testcase_per_check_and_each_status_in_its_place(self):
        root = ElementTree.fromstring(self.render(make_run()).encode("utf-8"))
        self.assertEqual(root.tag, "testsuites")
        suites = root.findall("testsuite")
        self.assertEqual(len(suites), 1)
        suite = suites[0]
        self.assertEqual(suite.get("name"), LAB)
        # The check not run because of an earlier failure lost its points: a failure, as everywhere.
        self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")),
                         ("4", "2", "1", "0"))
        cases = {case.get("name"): case for case in suite.findall("testcase")}
        self.assertEqual(list(cases), [PASSED, FAILED, ERRED, SKIPPED])

        def outcome(case):
            return sorted(child.tag for child in case if child.tag in ("failure", "error", "skipped"))
        self.assertEqual(outcome(cases[PASSED]), [])
        self.assertEqual(outcome(cases[FAILED]), ["failure"])
        self.assertEqual(outcome(cases[ERRED]), ["error"])
        self.assertEqual(outcome(cases[SKIPPED]), ["failure"])

        failure = cases[FAILED].find("failure")
        self.assertEqual(failure.get("message"), MESSAGE)
        self.assertIn("1. " + STEPS[0], failure.text)
        self.assertIn("hint: " + hints.HINTS["python-bytes"], failure.text)
        self.assertEqual(cases[ERRED].find("error").get("message"), "port 21567 is in use by another program: stop it")
        self.assertEqual(cases[SKIPPED].find("failure").get("message"), "not run: the lab does not build")
        self.assertEqual(cases[FAILED].get("time"), "1.500")
        self.assertEqual(root.get("tests"), "4")

    def test_a_check_that_cannot_run_here_is_skipped(self):
        root = ElementTree.fromstring(self.render(make_platform_skip_run()).encode("utf-8"))
        suite = root.find("testsuite")
        self.assertEqual((suite.get("failures"), suite.get("errors"), suite.get("skipped")), ("0", "0", "1"))
        self.assertIsNotNone(suite.find("testcase[@name='{}']/skipped".format(SKIPPED)))

    def test_stays_well_formed_when_a_program_printed_control_characters(self):
        # The transcript ends with the program's stderr as it came: colours (ESC), NUL, ...
        run = make_run()
        run.labs[0].checks[1].steps.append(Step("tcp_server's stderr: \x1b[31merror:\x1b[0m bad\x00 byte\x07"))
        run.labs[0].checks[1].message = "expected a reply \x1b[1mnow\x1b[0m"
        text = self.render(run)
        root = ElementTree.fromstring(text.encode("utf-8"))  # raises if not well-formed
        failure = root.find("testsuite/testcase[@name='{}']/failure".format(FAILED))
        self.assertIn("error:", failure.text)
        self.assertIn("bad", failure.text)


class Gradescope(unittest.TestCase):
    """results.json against Gradescope's autograder specification (gradescope_schema)."""

    def render(self, visibility=None, run=None):
        stream = io.StringIO()
        play(GradescopeReporter(stream, visibility, notes=["Graded `tcp_server.cpp`."]), run or make_run())
        document = json.loads(stream.getvalue())
        self.assertEqual(gradescope_schema.problems(document), [])
        return document

    def test_a_test_per_check_with_score_status_and_its_story_in_markdown(self):
        document = self.render()
        self.assertEqual(document["score"], 30)
        self.assertEqual(document["extra_data"]["max_score"], 100)
        self.assertEqual(document["extra_data"]["harness_version"], harness.__version__)
        self.assertIsInstance(document["execution_time"], int)
        by_name = {test["name"]: test for test in document["tests"]}
        self.assertEqual(len(by_name), 4)
        passed = by_name["{} {}".format(LAB, PASSED)]
        self.assertEqual((passed["score"], passed["max_score"], passed["status"]), (30, 30, "passed"))
        failed = by_name["{} {}".format(LAB, FAILED)]
        self.assertEqual((failed["score"], failed["max_score"], failed["status"]), (0, 40, "failed"))
        self.assertEqual(failed["output_format"], "md")
        self.assertIn("```text\n1. " + STEPS[0], failed["output"])
        self.assertIn("**Hint:** " + hints.HINTS["python-bytes"], failed["output"])
        self.assertEqual(failed["tags"], ["python-bytes"])
        self.assertEqual(by_name["{} {}".format(LAB, ERRED)]["status"], "failed")
        self.assertEqual(by_name["{} {}".format(LAB, SKIPPED)]["status"], "failed")  # not run: points lost
        self.assertIn("Graded `tcp_server.cpp`.", document["output"])
        self.assertIn("| {} | 30/100 |".format(LAB), document["output"])

    def test_a_story_holding_backticks_stays_in_its_code_block(self):
        run = make_run()
        run.labs[0].checks[1].steps.append(Step("received \"```\" (3 bytes)"))
        output = {test["name"]: test for test in self.render(run=run)["tests"]}["{} {}".format(LAB, FAILED)]["output"]
        self.assertIn("````text\n", output)
        self.assertTrue(output.split("````text\n", 1)[1].split("\n````", 1)[0].endswith(MESSAGE))

    def test_a_check_that_cannot_run_here_passes_with_no_points(self):
        test = self.render(run=make_platform_skip_run())["tests"][1]
        self.assertEqual((test["status"], test["score"], test["max_score"]), ("passed", 0, 0))
        self.assertIn("Not graded here", test["output"])

    def test_visible_is_the_default_and_is_not_written(self):
        self.assertEqual([test for test in self.render()["tests"] if "visibility" in test], [])

    def test_each_visibility_where_it_was_asked_the_most_specific_first(self):
        tests = {test["name"].split(" ")[1]: test.get("visibility", "visible") for test in self.render(
            {"all": "after_due_date", FAILED: "after_published", "{} {}".format(LAB, ERRED): "hidden"})["tests"]}
        self.assertEqual(tests, {PASSED: "after_due_date", FAILED: "after_published", ERRED: "hidden",
                                 SKIPPED: "after_due_date"})
        tests = {test["name"].split(" ")[1]: test.get("visibility", "visible")
                 for test in self.render({LAB: "hidden", PASSED: "visible"})["tests"]}
        self.assertEqual(tests, {PASSED: "visible", FAILED: "hidden", ERRED: "hidden", SKIPPED: "hidden"})

    def test_builds_stays_visible_under_all_unless_named(self):
        run = make_run()
        run.labs[0].checks.insert(0, CheckResult("builds", PASS, 10, 10))
        names = {test["name"].split(" ")[1]: test.get("visibility", "visible")
                 for test in self.render({"all": "hidden"}, run)["tests"]}
        self.assertEqual(names["builds"], "visible")
        self.assertEqual(names[PASSED], "hidden")
        names = {test["name"].split(" ")[1]: test.get("visibility", "visible")
                 for test in self.render({"all": "hidden", "builds": "hidden"}, run)["tests"]}
        self.assertEqual(names["builds"], "hidden")

    def test_scores_are_not_told_in_the_summary_when_a_check_is_held_back(self):
        self.assertNotIn("30/100", self.render({FAILED: "after_published"})["output"])

    def test_the_schema_check_finds_what_gradescope_would_refuse(self):
        self.assertTrue(gradescope_schema.problems({"tests": [{"score": "1", "visibility": "later"}]}))
        self.assertTrue(gradescope_schema.problems({"output": "no score anywhere"}))


class Github(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.folder, True)
        self.summary = os.path.join(self.folder, "summary.md")
        self.output = os.path.join(self.folder, "output.txt")
        for path, text in ((self.summary, "# earlier step\n"), (self.output, "earlier=1\n")):
            with open(path, "w", encoding="utf-8") as file:
                file.write(text)
        self.annotations = io.StringIO()
        self.classroom = io.StringIO()
        self.run = make_run()
        play(GithubReporter(self.classroom, self.annotations,
                            environ={"GITHUB_STEP_SUMMARY": self.summary, "GITHUB_OUTPUT": self.output}), self.run)

    def read(self, path):
        with open(path, encoding="utf-8") as file:
            return file.read()

    def test_appends_a_markdown_table_to_the_job_summary(self):
        summary = self.read(self.summary)
        self.assertTrue(summary.startswith("# earlier step\n"), "the summary was overwritten")
        lines = summary.splitlines()
        header = [index for index, line in enumerate(lines) if line.startswith("|") and "check" in line]
        self.assertTrue(header, summary)
        self.assertRegex(lines[header[0] + 1], r"^\|(\s*:?-+:?\s*\|)+$")
        rows = [line for line in lines if line.startswith("|") and "`tcp-server/" in line]
        self.assertEqual(len(rows), 4, summary)
        self.assertIn("30/30", rows[0])
        self.assertIn("0/40", rows[1])
        self.assertIn("30/100", summary)
        self.assertIn(hints.HINTS["python-bytes"], summary)

    def test_draws_each_failure_with_steps_as_a_mermaid_diagram(self):
        summary = self.read(self.summary)
        self.assertEqual(summary.count("```mermaid\n"), 1)  # (the error has no steps to draw)
        drawn = summary.split("```mermaid\n")[1].split("```")[0].splitlines()
        self.assertEqual(drawn[:3], ["sequenceDiagram", "    participant H as the harness",
                                     "    participant S as server (tcp_server)"])
        self.assertIn("    H->>S: 4. \"hello\" (5 bytes)", drawn)
        self.assertIn("    S->>H: 5. {} (37 bytes)".format(REPLY), drawn)
        self.assertIn("    H-->>S: 3. connected to 127.0.0.1:40001", drawn)
        self.assertTrue(drawn[-2].startswith("    Note over H,S: ✗ expected the reply"), drawn)
        self.assertTrue(drawn[-1].startswith("    Note over H,S: hint (python-bytes): "), drawn)

    def test_mermaid_is_given_its_markup_characters_as_codes(self):
        self.assertEqual(sequence._mermaid_text('a;b#c<d>e%f`{}'), "a#59;b#35;c#60;d#62;e#37;f#96;#123;#125;")

    def test_the_failure_is_drawn_where_it_broke_before_how_the_programs_ended(self):
        check = self.run.labs[0].checks[1]
        check.steps.append(Step("tcp_server's stderr: boom", kind=END, role="server"))
        kinds = [row.kind for row in sequence.rows(check)]
        self.assertEqual(kinds, ["start", "note", "signal-to", "sent", "received", "failure", "end"])

    def test_writes_the_classroom_result_as_base64_to_github_output(self):
        lines = self.read(self.output).splitlines()
        self.assertEqual(lines[0], "earlier=1", "GITHUB_OUTPUT was overwritten")
        results = [line for line in lines if line.startswith("result=")]
        self.assertEqual(len(results), 1, lines)
        document = json.loads(base64.b64decode(results[0][len("result="):]).decode("utf-8"))
        self.assertEqual(document["version"], 1)
        self.assertIn(document["status"], ("pass", "fail", "error"))
        self.assertNotEqual(document["status"], "pass")
        self.assertEqual(document["max_score"], 100)
        self.assertEqual(len(document["tests"]), 4)
        for test in document["tests"]:
            self.assertLessEqual({"name", "status", "score"}, set(test))
            self.assertIn(test["status"], ("pass", "fail", "error"))
        by_name = {test["name"]: test for test in document["tests"]}
        self.assertEqual(by_name["{} {}".format(LAB, PASSED)]["status"], "pass")
        self.assertEqual(by_name["{} {}".format(LAB, PASSED)]["score"], 30)
        self.assertEqual(by_name["{} {}".format(LAB, FAILED)]["status"], "fail")
        self.assertEqual(by_name["{} {}".format(LAB, ERRED)]["status"], "error")
        self.assertEqual(json.loads(self.classroom.getvalue()), document)

    def test_a_passing_run_has_status_pass(self):
        run = RunResult(labs=[LabResult("01", LAB, [CheckResult(PASSED, PASS, 100, 100)])])
        GithubReporter(None, io.StringIO(), environ={"GITHUB_OUTPUT": self.output}).run_finished(run)
        encoded = self.read(self.output).splitlines()[-1][len("result="):]
        document = json.loads(base64.b64decode(encoded).decode("utf-8"))
        self.assertEqual((document["status"], document["max_score"]), ("pass", 100))

    def test_annotations_are_one_line_workflow_commands(self):
        text = self.annotations.getvalue()
        lines = text.splitlines()
        self.assertTrue(text.endswith("\n"))
        self.assertEqual(len(lines), 2, text)  # the fail and the error; not the pass, not the skip
        self.assertTrue(lines[0].startswith("::error "), lines[0])
        self.assertRegex(lines[1], r"^::(error|warning) ")
        for line in lines:
            properties, data = line[2:].split("::", 1)
            self.assertNotIn("\r", line)
            self.assertIn("title=", properties)
        data = lines[0].split("::", 2)[2]
        self.assertIn("%0A", data)
        self.assertIn("1. " + STEPS[0], data)
        self.assertEqual(data.count("%0A"), len(STEPS) + 1)  # steps, message, hint: one per line

    def test_annotation_data_escapes_percent_and_carriage_returns(self):
        run = make_run()
        run.labs[0].checks[1].message = "100% wrong\r\nreally"
        annotations = io.StringIO()
        GithubReporter(None, annotations, environ={}).run_finished(run)
        first = annotations.getvalue().splitlines()[0]
        self.assertIn("100%25 wrong%0D%0Areally", first)

    def test_without_the_github_variables_nothing_is_written_but_annotations(self):
        annotations = io.StringIO()
        GithubReporter(None, annotations, environ={}).run_finished(make_run())
        self.assertTrue(annotations.getvalue().startswith("::error"))


class ClassroomReporter(unittest.TestCase):
    """Our `github` output fed to GitHub Classroom's reporter as it reads it
    (classroom_reporter), a test per field it reads."""

    def result_of(self, run, sources=None):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        output = os.path.join(folder, "output")
        reporter = GithubReporter(None, io.StringIO(), environ={"GITHUB_OUTPUT": output})
        for lab in run.labs:
            reporter.sources[lab.name] = (sources or {}).get(lab.name, "")
        reporter.run_finished(run)
        with open(output, encoding="utf-8") as lines:
            return lines.read().splitlines()[-1][len("result="):]

    def read(self, **results):
        return classroom_reporter.read(",".join(results), {id.upper() + "_RESULTS": encoded
                                                           for id, encoded in results.items()})

    def test_version_and_the_tests_are_there(self):
        document = json.loads(base64.b64decode(self.result_of(make_run())))
        self.assertEqual(document["version"], 1)
        self.assertEqual([test["name"] for test in document["tests"]],
                         ["{} {}".format(LAB, id) for id in (PASSED, FAILED, ERRED, SKIPPED)])

    def test_classroom_gets_the_harness_exact_total(self):
        weighted = make_run()  # 30 of 100, from checks of different weights
        _, points, _ = self.read(lab01=self.result_of(weighted), lab02=self.result_of(make_platform_skip_run()))
        self.assertEqual(points, (weighted.score + 100, 200))

    def test_max_score_is_the_labs_100(self):
        _, points, _ = self.read(lab01=self.result_of(make_run()))
        self.assertEqual(points[1], 100)

    def test_status_fails_the_step_when_a_check_failed_and_not_when_one_could_not_run_here(self):
        self.assertEqual(self.read(lab01=self.result_of(make_run()))[2], "Some tests errored.")
        run = make_run()
        run.labs[0].checks = run.labs[0].checks[:2]  # a pass and a fail
        self.assertEqual(self.read(lab01=self.result_of(run))[2], "Some tests failed.")
        log, points, failed = self.read(lab01=self.result_of(make_platform_skip_run()))
        self.assertIsNone(failed)
        self.assertEqual(points, (100, 100))
        self.assertNotIn("❌", "\n".join(log))

    def test_each_test_status_is_logged_in_its_place_with_its_message(self):
        log = self.read(lab01=self.result_of(make_run()))[0]
        self.assertIn("✅ {} {}".format(LAB, PASSED), log)
        self.assertIn("❌ {} {}".format(LAB, FAILED), log)
        self.assertIn("❌ {} {}".format(LAB, SKIPPED), log)  # not run: its points are lost
        self.assertTrue([line for line in log if line.startswith("Error: port 21567 is in use")], log)

    def test_no_line_undefined(self):
        log = self.read(lab01=self.result_of(make_run()))[0]
        self.assertEqual([line for line in log if "undefined" in line], [])

    def test_line_no_is_the_line_a_compile_error_names(self):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder, True)
        open(os.path.join(folder, "tcp_server.cpp"), "w").close()
        run = RunResult(labs=[LabResult("01", LAB, [CheckResult(
            "builds", FAIL, 0, 10, message="expected labs/01-tcp-server to compile; the first errors:\n"
            "labs/01-tcp-server/tcp_server.cpp:42:5: error: 'undeclared_name' was not declared")])])
        encoded = self.result_of(run, {LAB: folder})
        self.assertEqual(json.loads(base64.b64decode(encoded))["tests"][0]["line_no"], 42)
        self.assertIn("❌ {} builds - line 42".format(LAB), self.read(lab01=encoded)[0])

    def test_execution_time_and_score_of_each_test(self):
        document = json.loads(base64.b64decode(self.result_of(make_run())))
        self.assertEqual([test["score"] for test in document["tests"]], [30, 0, 0, 0])
        self.assertEqual(document["tests"][1]["execution_time"], "1.50s")

    def test_the_log_per_lab_counts_tests_not_points(self):
        # The reporter's own log prints passed/tests x max (1 of 4 -> 25.00/100) while
        # Classroom gets the sum of scores (30/100): docs/instructors.md tells instructors.
        log, points, _ = self.read(lab01=self.result_of(make_run()))
        self.assertIn("Total points for lab01: 25.00/100", log)
        self.assertEqual(points, (30, 100))

    def test_a_step_without_a_result_loses_every_lab_so_the_workflow_gives_it_one(self):
        with self.assertRaises(classroom_reporter.ReporterFailed):
            classroom_reporter.read("lab01,lab02", {"LAB01_RESULTS": self.result_of(make_run())})
        fallback = classroom_workflow_fallback()
        _, points, failed = self.read(lab01=self.result_of(make_run()), lab02=fallback)
        self.assertEqual(points, (30, 200))
        self.assertEqual(failed, "Some tests errored.")

    def test_a_harness_error_still_gives_a_result(self):
        from harness.report.github import error_result
        encoded = base64.b64encode(json.dumps(error_result("cannot configure", 100)).encode()).decode()
        log, points, failed = self.read(lab01=self.result_of(make_run()), lab02=encoded)
        self.assertEqual(points, (30, 200))
        self.assertIn("Error: cannot configure", log)


def classroom_workflow_fallback():
    """The result the Classroom workflow gives the reporter for a step that wrote none."""
    import re
    with open(CLASSROOM_WORKFLOW, encoding="utf-8") as workflow:
        text = workflow.read()
    match = re.search(r"^\s+LAB_DID_NOT_REPORT: (\S+)$", text, re.M)
    assert match, "the workflow has no LAB_DID_NOT_REPORT"
    return match.group(1)


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Text(unittest.TestCase):
    def render(self, stream, verbose=False):
        play(TextReporter(stream, verbose), make_run())
        return stream.getvalue()

    def setUp(self):
        patcher = mock.patch.dict(os.environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        for name in ("NO_COLOR", "FORCE_COLOR"):
            os.environ.pop(name, None)
        os.environ["TERM"] = "xterm"

    def test_no_colour_when_the_stream_is_not_a_terminal(self):
        text = self.render(io.StringIO())
        self.assertNotIn("\x1b[", text)

    def test_colour_on_a_terminal_unless_no_color(self):
        self.assertIn("\x1b[", self.render(Terminal()))
        os.environ["NO_COLOR"] = "1"
        self.assertNotIn("\x1b[", self.render(Terminal()))

    def test_a_line_per_check_and_the_score(self):
        text = self.render(io.StringIO())
        for mark, id in (("PASS", PASSED), ("FAIL", FAILED), ("ERROR", ERRED), ("SKIP", SKIPPED)):
            self.assertRegex(text, r"(?m)^\s*{}\s+{}\s".format(mark, id))
        self.assertIn("30/100", text)
        self.assertIn(LAB, text)

    def test_the_failure_is_told_as_numbered_steps_with_the_hint(self):
        text = self.render(io.StringIO())
        lines = text.splitlines()
        for number, step in enumerate(STEPS, 1):
            self.assertTrue(any(line.strip().startswith("{}. {}".format(number, step[:40])) for line in lines),
                            "step {} is missing:\n{}".format(number, text))
        self.assertIn("hint: ", text)
        hint_at = text.index("hint: ")
        self.assertEqual(" ".join(text[hint_at + len("hint: "):].split())[:60],
                         " ".join(hints.HINTS["python-bytes"].split())[:60])
        self.assertIn(MESSAGE[:40], text)
        self.assertIn("port 21567 is in use", text)  # the error is told too

    def todo_run(self, extra=()):
        """A starter: three checks fail because the server exits at its TODO 1, one fails
        for a reason of its own."""
        todo = ["started `tcp_server --port 0`", "tcp_server's stderr: tcp_server: TODO 1 is not done yet"]
        checks = [CheckResult(id, FAIL, 0, 10, proves="proves " + id, steps=[Step(text) for text in todo],
                              message="expected it to listen; it exited with status 1 first", hint="exited early",
                              hint_id="exited-early") for id in (PASSED, FAILED, ERRED)]
        checks.append(CheckResult(SKIPPED, FAIL, 0, 10, proves="its own", steps=[Step("sent \"x\"")],
                                  message="expected a reply", hint="the reply is wrong", hint_id="python-bytes"))
        return RunResult(labs=[LabResult("01", LAB, checks + list(extra))])

    def test_one_root_cause_is_told_once(self):
        stream = io.StringIO()
        play(TextReporter(stream), self.todo_run())
        text = stream.getvalue()
        self.assertEqual(text.count("TODO 1 is not done yet"), 1, text)
        self.assertIn("the same mistake fails 2 more: {}, {}".format(  # (their role is the one just told)
            FAILED.split("/")[1], ERRED.split("/")[1]), text)
        self.assertIn("the reply is wrong", text)  # a failure of its own is told in full

    def test_one_root_cause_of_every_failure_is_said_so(self):
        run = self.todo_run()
        run.labs[0].checks.pop()
        stream = io.StringIO()
        play(TextReporter(stream), run)
        self.assertIn("the same mistake fails the other 2 checks too", stream.getvalue())

    def test_one_other_check_is_named(self):
        run = self.todo_run()
        del run.labs[0].checks[2:]
        stream = io.StringIO()
        play(TextReporter(stream), run)
        self.assertIn("the same mistake fails 1 more: {}".format(FAILED.split("/")[1]), stream.getvalue())

    def test_every_check_of_a_role_is_counted_and_others_named(self):
        run = self.todo_run()
        run.labs[0].checks.pop()  # (the failure of its own)
        pair = CheckResult("pair/roundtrip", FAIL, 0, 10, steps=list(run.labs[0].checks[0].steps),
                           message=run.labs[0].checks[0].message, hint="exited early", hint_id="exited-early")
        client = CheckResult("tcp-client/connects", FAIL, 0, 10, steps=[Step("tcp_client's stderr: TODO 6")],
                             message="expected a connection", hint="client exited", hint_id="client-exited-early")
        run.labs[0].checks += [pair, client]
        stream = io.StringIO()
        play(TextReporter(stream), run)
        self.assertIn("the same mistake fails the other 2 tcp-server checks too, and pair/roundtrip",
                      stream.getvalue())

    def test_verbose_tells_every_story(self):
        stream = io.StringIO()
        play(TextReporter(stream, verbose=True), self.todo_run())
        self.assertEqual(stream.getvalue().count("TODO 1 is not done yet"), 3)

    def test_reporters_tell_each_of_their_reporters(self):
        first, second = io.StringIO(), io.StringIO()
        play(Reporters([TextReporter(first), JsonReporter(second)]), make_run())
        self.assertIn("hint: ", first.getvalue())
        self.assertEqual(json.loads(second.getvalue())["score"], 30)


if __name__ == "__main__":
    unittest.main()
