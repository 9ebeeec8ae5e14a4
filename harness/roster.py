"""A class's roster, and each student's submission fetched from it.

The roster is a CSV file with a header: `student` (a name, unique), `repository` (a folder,
or anything `git clone` takes: a URL, a path to a repository) and, optionally, `commit`.
A submission is the repository at that commit; without one, at the last commit at or
before the deadline, if there is one; else at its newest commit. A folder that is not a
git repository is taken as it is: it has no commits, and no deadline applies to it."""

import csv
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from .errors import UsageError

GIT_TIME_LIMIT = 300  # seconds for a clone: a repository that takes longer is told as missing


@dataclass(frozen=True)
class Student:
    name: str
    repository: str
    commit: str = ""

    @property
    def folder(self):
        """The student's name as a folder name: letters, digits, ".", "_" and "-"."""
        return re.sub(r"[^\w.-]+", "_", self.name, flags=re.ASCII).strip("._") or "student"


class Missing(Exception):
    """The submission cannot be had (no repository, no such commit): its reason."""


def read_roster(path):
    """The students of the roster at `path`, in its order. UsageError if the file cannot
    be read, lacks a column, or names a student twice (their results would mix)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as source:
            rows = list(csv.DictReader(source))
            columns = set(rows[0].keys()) if rows else set()
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise UsageError("cannot read the roster {}: {}".format(path, getattr(error, "strerror", None) or error))
    missing = {"student", "repository"} - columns
    if missing:
        raise UsageError("the roster {} needs the columns student and repository (and may have commit); it lacks "
                         "{}".format(path, ", ".join(sorted(missing))))
    students, folders = [], {}
    for number, row in enumerate(rows, 2):
        name, repository = (row.get("student") or "").strip(), (row.get("repository") or "").strip()
        if not name:
            raise UsageError("{}: line {} names no student".format(path, number))
        student = Student(name, repository, (row.get("commit") or "").strip())
        if student.folder in folders:
            raise UsageError("{}: line {}: {!r} is there twice (or as {!r}, the same folder name)".format(
                path, number, name, folders[student.folder]))
        folders[student.folder] = name
        students.append(student)
    return students


def fetch(student, destination, deadline=None, base=None):
    """Puts the student's submission in `destination` (which must not exist yet) and returns
    its commit ("" for a plain folder). A relative folder is taken from `base` (the
    roster's folder). Missing if it cannot be had."""
    source = student.repository
    if not source:
        raise Missing("the roster gives no repository")
    local = os.path.join(base or "", source) if not _is_url(source) else None
    if local is not None and os.path.isdir(local) and not _is_git(local):
        if student.commit:
            raise Missing("{} is a folder, not a git repository: it has no commit {}".format(source, student.commit))
        shutil.copytree(local, destination, symlinks=True, ignore=shutil.ignore_patterns("build", ".git"))
        return ""
    if local is not None and not os.path.exists(local):
        raise Missing("there is no {}".format(source))
    _git(["clone", "--quiet", "--no-checkout", local or source, destination], None, "cannot clone {}".format(source))
    if student.commit:
        commit = student.commit
    elif deadline:
        commit = _git(["rev-list", "-n", "1", "--first-parent", "--before=" + deadline, "HEAD"], destination,
                      "cannot read its history")
        if not commit:
            raise Missing("it has no commit at or before the deadline, {}".format(deadline))
    else:
        commit = "HEAD"
    _git(["checkout", "--quiet", "--detach", commit], destination, "it has no commit {}".format(commit))
    return _git(["rev-parse", "HEAD"], destination, "cannot read its commit")


def _is_url(source):
    return bool(re.match(r"^[a-z][a-z0-9+.-]*://|^[^/\\:]+@[^/\\:]+:", source))


def _is_git(folder):
    return os.path.exists(os.path.join(folder, ".git"))


def _git(arguments, cwd, problem):
    """Runs git (never asking for a password); its output, stripped. Missing(problem) if it fails."""
    environment = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_ASKPASS="true", LC_ALL="C")
    try:
        done = subprocess.run(["git"] + arguments, cwd=cwd, env=environment, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                              timeout=GIT_TIME_LIMIT)
    except FileNotFoundError:
        raise Missing("{}: git is not installed".format(problem)) from None
    except subprocess.TimeoutExpired:
        raise Missing("{}: git took more than {} s".format(problem, GIT_TIME_LIMIT)) from None
    if done.returncode != 0:
        said = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise Missing("{}{}".format(problem, ": " + said[-1] if said else ""))
    return done.stdout.strip()
