"""`class`: a class of synthetic students, made from the student export (solutions copied in
for some labs, starters for others, and the submissions that go wrong), graded on labs 01
and 02 with the course's harness; every row of the gradebook checked. Then the run is
taken up again (nothing regraded), split into two shards and merged (the same gradebook),
and a student whose grading outlives its time limit is stopped."""

import csv
import html.parser
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from tests.harness.support import ROOT, run_harness

SOLUTIONS = os.path.join(ROOT, "solutions")
BROKEN = "int main() { return 0 }  // a missing semicolon\n"
DAEMON = r"""
#include <unistd.h>
#include <cstdio>
// Leaves a process behind that outlives the server (a "daemon"), then serves nothing.
int main() {
    if (fork() == 0) { setsid(); if (fork() == 0) { sleep(600); return 0; } return 0; }
    std::puts("listening on 127.0.0.1:1");
    std::fflush(stdout);
    sleep(600);
}
"""
FAKE_HARNESS = 'print(\'{"score": 200, "max_score": 200, "labs": []}\')\n'


def running_in(folder):
    """The pids of the processes whose program or working folder is in `folder` (Linux)."""
    found = []
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            places = [os.readlink("/proc/{}/{}".format(name, link)) for link in ("exe", "cwd")]
        except OSError:
            continue
        if name.isdigit() and any(place.startswith(folder + os.sep) for place in places):
            found.append(int(name))
    return found


def git(folder, *arguments, date=None):
    environment = dict(os.environ, GIT_AUTHOR_NAME="s", GIT_AUTHOR_EMAIL="s@example.com", GIT_COMMITTER_NAME="s",
                       GIT_COMMITTER_EMAIL="s@example.com")
    if date:
        environment.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git"] + list(arguments), cwd=folder, env=environment, check=True,
                          stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()


def commit_all(folder, message, date=None):
    if not os.path.isdir(os.path.join(folder, ".git")):
        git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message, date=date)
    return git(folder, "rev-parse", "HEAD")


def put(folder, path, text):
    target = os.path.join(folder, path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as out:
        out.write(text)


def solution(lab, program):
    with open(os.path.join(SOLUTIONS, lab, program + ".cpp"), encoding="utf-8") as source:
        return source.read()


@unittest.skipUnless(os.path.isdir(SOLUTIONS) and shutil.which("git"), "needs the solutions and git")
class Class(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="labs-class-")
        base = os.path.join(cls.folder, "base")
        result = run_harness("export", "student", base)
        assert result.returncode == 0, result.stderr
        server, client = solution("01-tcp-server", "tcp_server"), solution("02-tcp-client", "tcp_client")
        rows, cls.commits = [], {}

        def student(name, files=(), git_dates=None, repository=None, commit=""):
            if repository is None:
                repository = name
                shutil.copytree(base, os.path.join(cls.folder, name))
                for path, text in files:
                    put(os.path.join(cls.folder, name), path, text)
                for message, date, more in git_dates or ():
                    for path, text in more:
                        put(os.path.join(cls.folder, name), path, text)
                    cls.commits.setdefault(name, []).append(commit_all(os.path.join(cls.folder, name), message, date))
            rows.append((name, repository, commit))

        student("alice", [("labs/01-tcp-server/tcp_server.cpp", server), ("labs/02-tcp-client/tcp_client.cpp", client)],
                git_dates=[("done", "2026-11-05T10:00:00", ())])                    # both labs right, in git
        student("bob")                                                              # the starters, a plain folder
        student("carol", [("labs/01-tcp-server/tcp_server.cpp", BROKEN), ("labs/02-tcp-client/tcp_client.cpp", client)])
        student("dan", [("labs/01-tcp-server/tcp_server.cpp", BROKEN), ("labs/02-tcp-client/tcp_client.cpp", BROKEN)])
        student("erin", [("labs/01-tcp-server/tcp_server.cpp", DAEMON)])            # leaves a daemon
        student("frank", [("harness/__main__.py", FAKE_HARNESS)])                   # "passes everything"
        student("grace", repository="no-such-folder")                               # missing
        student("heidi", git_dates=[("right", "2026-11-01T12:00:00", [("labs/01-tcp-server/tcp_server.cpp", server)]),
                                    ("late", "2026-11-20T12:00:00", [("labs/01-tcp-server/tcp_server.cpp", BROKEN)])])
        os.makedirs(os.path.join(cls.folder, "ivan"))                               # no lab files at all
        put(os.path.join(cls.folder, "ivan"), "README.md", "nothing here\n")
        rows.append(("ivan", "ivan", ""))
        student("judy", [("labs/02-tcp-client/tcp_client.cpp", client)])            # lab 02 only
        student("ken", git_dates=[("first", None, [("labs/02-tcp-client/tcp_client.cpp", client)]),
                                  ("second", None, [("labs/02-tcp-client/tcp_client.cpp", BROKEN)])])
        rows[-1] = ("ken", "ken", cls.commits["ken"][0])                            # the roster names the first
        os.makedirs(os.path.join(cls.folder, "mia"))                                # files uploaded flat
        put(os.path.join(cls.folder, "mia"), "tcp_server.cpp", server)
        rows.append(("mia", "mia", ""))
        cls.roster = os.path.join(cls.folder, "roster.csv")
        with open(cls.roster, "w", newline="", encoding="utf-8") as out:
            table = csv.writer(out)
            table.writerow(["student", "repository", "commit"])
            table.writerows(rows)
        cls.output = os.path.join(cls.folder, "out")
        cls.first = cls.grade(cls.output)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    @classmethod
    def grade(cls, output, *more):
        result = run_harness("class", cls.roster, "--output", output, "--labs", "01", "02", "--jobs", "2",
                             "--deadline", "2026-11-10", *more)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def gradebook(self, output=None):
        with open(os.path.join(output or self.output, "gradebook.csv"), newline="", encoding="utf-8") as source:
            return {row["student"]: row for row in csv.DictReader(source)}

    def test_every_row_of_the_gradebook(self):
        rows = self.gradebook()
        self.assertEqual(list(rows), ["alice", "bob", "carol", "dan", "erin", "frank", "grace", "heidi", "ivan", "judy",
                                      "ken", "mia"])
        scores = {name: (row["status"], int(row["01-tcp-server"]), int(row["02-tcp-client"]))
                  for name, row in rows.items()}
        self.assertEqual(scores["alice"], ("ok", 100, 100))
        self.assertEqual(scores["carol"][:2], ("ok", 0))
        self.assertEqual(scores["carol"][2], 100)
        self.assertEqual(scores["dan"], ("build-failed", 0, 0))
        self.assertEqual(scores["grace"], ("missing", 0, 0))
        self.assertEqual(scores["ivan"], ("missing", 0, 0))
        self.assertEqual(scores["judy"][0::2], ("ok", 100))
        self.assertEqual(scores["mia"][:2], ("ok", 100))
        self.assertEqual(rows["alice"]["commit"], self.commits["alice"][0])
        starters = scores["bob"]
        self.assertLess(starters[1] + starters[2], 50)
        self.assertEqual(scores["frank"], starters, "editing the harness earned nothing")
        self.assertIn("Changed harness/__main__.py: not used", rows["frank"]["notes"])
        self.assertEqual(scores["heidi"][:2], ("ok", 100), "the commit before the deadline was graded")
        self.assertEqual(rows["heidi"]["commit"], self.commits["heidi"][0])
        self.assertEqual(scores["ken"][2], 100, "the commit the roster names was graded")
        self.assertEqual(scores["erin"][:2], ("ok", 10), "it builds, and no more")
        self.assertEqual(running_in(self.folder), [], "the daemon was killed")
        self.assertIn("there is no no-such-folder", rows["grace"]["notes"])

    def test_each_student_has_reports_and_the_similarity_layout(self):
        for name in ("alice", "bob"):
            with open(os.path.join(self.output, "students", name, "report.json"), encoding="utf-8") as source:
                self.assertEqual([lab["id"] for lab in json.load(source)["labs"]], ["01", "02"])
            self.assertTrue(os.path.getsize(os.path.join(self.output, "students", name, "report.txt")))
        self.assertTrue(os.path.isfile(os.path.join(self.output, "similarity", "alice", "01-tcp-server",
                                                    "tcp_server.cpp")))
        self.assertTrue(os.path.isfile(os.path.join(self.output, "similarity", "base", "02-tcp-client",
                                                    "tcp_client.cpp")))
        self.assertFalse(os.path.exists(os.path.join(self.output, "similarity", "mia", "02-tcp-client")),
                         "a starter put in for a lab not submitted is not compared")

    def test_the_summary_says_what_the_class_got_wrong(self):
        with open(os.path.join(self.output, "summary.md"), encoding="utf-8") as source:
            summary = source.read()
        self.assertIn("12 students; 10 graded.", summary)
        self.assertIn("| `compile-error` |", summary)
        with open(os.path.join(self.output, "summary.html"), encoding="utf-8") as source:
            page = source.read()
        parser = html.parser.HTMLParser()
        parser.feed(page)
        self.assertEqual(page.count("<svg"), 2)
        self.assertNotIn("http", page.split("<body>")[1], "nothing fetched from elsewhere")

    def test_taken_up_again_nothing_is_graded_twice(self):
        result = self.grade(self.output)
        self.assertEqual(result.stdout.count("(kept: the same sources)"), 10, result.stdout)  # all but the 2 missing

    def test_two_shards_merged_give_the_same_gradebook(self):
        shards = []
        for number in (1, 2):
            shard = os.path.join(self.folder, "shard{}".format(number))
            shutil.copytree(os.path.join(self.output, "students"), os.path.join(shard, "students"))  # (kept)
            self.grade(shard, "--shard", "{}/2".format(number))
            shards.append(shard)
        merged = os.path.join(self.folder, "merged")
        result = run_harness("class", "merge", *shards, "--output", merged, "--labs", "01", "02")
        self.assertEqual(result.returncode, 0, result.stderr)

        def without_times(rows):
            return {name: dict(row, graded_at="") for name, row in rows.items()}
        self.assertEqual(without_times(self.gradebook(merged)), without_times(self.gradebook()))

    def test_the_workflow_runs_the_commands_tested_here(self):
        # .github/workflows/grade-class.yml grades shards side by side, then merges them, as
        # test_two_shards_merged_give_the_same_gradebook does with local processes.
        with open(os.path.join(ROOT, ".github", "workflows", "grade-class.yml"), encoding="utf-8") as source:
            workflow = source.read()
        self.assertIn('options=(--output "shard-$SHARD" --shard "$SHARD/4" --jobs 2)', workflow)
        self.assertIn('python3 -m harness class "$ROSTER" "${options[@]}"', workflow)
        self.assertIn('python3 -m harness class merge shard-* "${options[@]}"', workflow)

    def test_a_student_over_the_time_limit_is_stopped(self):
        output = os.path.join(self.folder, "slow")
        roster = os.path.join(self.folder, "one.csv")
        with open(roster, "w", encoding="utf-8") as out:
            out.write("student,repository\nalice,alice\n")
        result = run_harness("class", roster, "--output", output, "--labs", "01", "02", "--time-limit", "1")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.gradebook(output)["alice"]["status"], "timeout")
        self.assertEqual(running_in(self.folder), [], "the build and the checks were stopped")


if __name__ == "__main__":
    unittest.main()
