"""`export`: what an instructor hands out.

    python3 -m harness export student DIR      the repository students get: labs, harness,
                                               docs, CI (GitHub Classroom), no solutions
    python3 -m harness export gradescope DIR   DIR/autograder.zip, for Gradescope: see
                                               gradescope.py (and gradescope_try.py, --try)

A student repository holds no trace of the solutions: solutions/ is left out, so is what
only the reference needs (the project's own CI, the tests that grade the solutions), and
in Markdown every block between <!-- instructor --> and <!-- /instructor --> is cut.
Before it is written, the export is searched for solution code, and refused if any is
found (an instructor may have pasted some into a doc).

How much help the lab READMEs give is the instructor's choice (--help-level): each TODO
has a hint that names the calls (<details class="hint">) and then its code (<details
class="code">). `full` keeps both, `hints` cuts the code, `none` cuts both; below `full`,
a C++ block left in a README may hold no line of the lab's solution that its starter
does not give (the README would hand out the answer the level withholds).
"""

import os
import re
import stat
import subprocess
import sys

from . import labs

# Left out of a student repository: paths, and folders with all they hold.
INSTRUCTOR_ONLY = ("solutions/", ".ci/", ".github/workflows/", ".github/classroom/", "build/", ".git/",
                   "tests/planted_cpp/", "tests/harness/test_planted_cpp.py",  # (made from the solutions)
                   "docs/instructors.md",
                   "docs/zh-CN/instructors.md", "docs/labs/", "docs/zh-CN/labs/")  # the last: worked solutions
INSTRUCTOR_BLOCK = re.compile(r"[ \t]*<!-- instructor -->.*?<!-- /instructor -->[ \t]*\n?", re.S)
LEAK_RUN = 6  # this many lines of a solution, in a row and not in its starter, make a leak
HELP_LEVELS = ("full", "hints", "none")
HELP_BLOCK = re.compile(r'[ \t]*<details class="(hint|code)">.*?</details>[ \t]*\n?', re.S)
LAB_README = re.compile(r"^labs/([^/]+)/README(\.zh-CN)?\.md$")
CHINESE_STARTER = re.compile(r"^labs/([^/]+)/zh-CN/([^/]+)$")  # a starter's twin, its comments in Chinese
LANGUAGES = ("en", "zh-CN")
CPP_BLOCK = re.compile(r"^```(?:cpp|c\+\+|c)\n(.*?)^```", re.S | re.M)
TELLING = 16  # characters: a shorter line (a brace, `continue;`) gives nothing away


class ExportError(Exception):
    pass


def repository_files(root):
    """The files of the repository: those git tracks (or all, outside a git checkout)."""
    try:
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, check=True).stdout
        return sorted(path for path in listed.decode("utf-8").split("\0") if path and os.path.isfile(
            os.path.join(root, path)))
    except (OSError, subprocess.CalledProcessError):
        found = []
        for folder, _, files in os.walk(root):
            for name in files:
                found.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
        return sorted(found)


def at_help_level(text, level):
    """A lab README with the help `level` keeps: full (the hints and the code), hints, none."""
    cut = {"full": (), "hints": ("code",), "none": ("hint", "code")}[level]
    return HELP_BLOCK.sub(lambda block: "" if block.group(1) in cut else block.group(0), text)


def student_files(root, help_level="full", lang="en"):
    """{path in the student repository: its bytes}. In Chinese (lang zh-CN), each starter
    is its twin labs/NN-name/zh-CN/X.cpp: the same code, its comments in Chinese."""
    files = {}
    for path in repository_files(root):
        if path.startswith(INSTRUCTOR_ONLY) or "__pycache__" in path:
            continue
        with open(os.path.join(root, path), "rb") as source:
            data = source.read()
        twin = CHINESE_STARTER.match(path)
        if twin:
            if lang == "zh-CN":
                files["labs/{}/{}".format(*twin.groups())] = data
            continue
        if path.endswith(".md"):
            text = INSTRUCTOR_BLOCK.sub("", data.decode("utf-8"))
            data = (at_help_level(text, help_level) if LAB_README.match(path) else text).encode("utf-8")
        files.setdefault(path, data)  # (a starter's twin, read first, stays)
    classroom = os.path.join(root, ".github", "classroom", "classroom.yml")  # theirs, where GitHub runs it
    if os.path.exists(classroom):
        with open(classroom, "rb") as workflow:
            files[".github/workflows/classroom.yml"] = workflow.read()
    return files


def solution_leaks(root, files):
    """Where `files` hold solution code (LEAK_RUN lines in a row of a solution that are
    not in its starter) outside a lab README's code blocks, or a document points students
    to the solutions. A list of "path: what" strings."""
    leaks = ["{}: mentions the solutions (mark that part <!-- instructor -->)".format(path)
             for path, data in files.items()
             if path.endswith(".md") and re.search(rb"solutions/|--impl solutions", data)]
    # A lab README's code blocks (<details class="code">) are the help its level gives: the
    # solution's lines may be there, and only there.
    files = {path: at_help_level(data.decode("utf-8"), "hints").encode("utf-8") if LAB_README.match(path) else data
             for path, data in files.items()}
    for lab in labs.LABS:
        for program in lab.programs:
            solution = os.path.join(root, "solutions", lab.folder, program + ".cpp")
            starter = os.path.join(root, "labs", lab.folder, program + ".cpp")
            if not os.path.exists(solution):
                continue
            with open(starter, encoding="utf-8") as text:
                given = {line.strip() for line in text}
            with open(solution, encoding="utf-8") as text:
                lines = [line.strip() for line in text]
            own = [line if line and line not in given and len(line) > 3 else None for line in lines]
            runs = {tuple(own[i:i + LEAK_RUN]) for i in range(len(own) - LEAK_RUN + 1)
                    if all(own[i:i + LEAK_RUN])}
            for path, data in files.items():
                text = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
                for i in range(len(text) - LEAK_RUN + 1):
                    if tuple(text[i:i + LEAK_RUN]) in runs:
                        leaks.append("{}: lines {}-{} are code of solutions/{}/{}.cpp".format(
                            path, i + 1, i + LEAK_RUN, lab.folder, program))
                        break
    return leaks


def readme_answers(root, files):
    """Where a lab README of `files` shows, in a C++ block, a line of the lab's solution that
    its starter does not give: "path: what" strings. (For a help level below full.)"""
    found = []
    for path, data in sorted(files.items()):
        match = LAB_README.match(path)
        folder = os.path.join(root, "solutions", match.group(1)) if match else None
        if not folder or not os.path.isdir(folder):
            continue
        solution, starter = set(), set()
        for name in os.listdir(folder):
            if name.endswith((".cpp", ".hpp")):
                solution |= _code_lines(os.path.join(folder, name))
                starter |= _code_lines(os.path.join(root, "labs", match.group(1), name))
        answer = solution - starter
        text = data.decode("utf-8")
        for block in CPP_BLOCK.finditer(text):
            first = text.count("\n", 0, block.start(1)) + 1
            shown = [(first + index, line) for index, line in enumerate(block.group(1).splitlines())
                     if set(_normal(line)) & answer]
            if shown:
                found.append("{}:{}: a C++ block shows the solution's `{}`: put it in a <details class=\"code\"> "
                             "block, or show a smaller example that is not the lab's code".format(
                                 path, shown[0][0], shown[0][1].strip()))
    return found


def _normal(text):
    """The lines of C++ `text` that tell something, each without its spaces at the ends."""
    return [line for line in (" ".join(line.split()) for line in text.splitlines())
            if len(line) >= TELLING and not line.startswith("//")]


def _code_lines(path):
    try:
        with open(path, encoding="utf-8") as source:
            return set(_normal(source.read()))
    except OSError:
        return set()


def refuse_used_folder(destination):
    """An export never writes into a folder that holds something."""
    if os.path.exists(destination) and os.listdir(destination):
        raise ExportError("{} exists and is not empty: name a new folder, or empty it".format(destination))


def write_files(files, destination):
    refuse_used_folder(destination)
    for path, data in files.items():
        target = os.path.join(destination, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as out:
            out.write(data)
        if data.startswith(b"#!"):
            os.chmod(target, os.stat(target).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


def export_student(root, destination, help_level="full", lang="en"):
    files = student_files(root, help_level, lang)
    leaks = solution_leaks(root, files) + (readme_answers(root, files) if help_level != "full" else [])
    if leaks:
        raise ExportError("solution code would go to students:\n  " + "\n  ".join(leaks))
    write_files(files, destination)
    return len(files)


def main(arguments, root):
    """`export student DIR`: what the command line asks of this module."""
    if not labs.has_solutions(root):
        print("harness: note: this is already a student repository (it has no solutions/)", file=sys.stderr)
    lang = getattr(arguments, "lang", None) or "en"
    count = export_student(root, arguments.destination, arguments.help_level, lang)
    print("wrote the student repository to {} ({} files, no solutions; lab READMEs with {}; starter comments "
          "in {})".format(arguments.destination, count, {"full": "hints and code", "hints": "hints, no code",
                                                         "none": "no hints, no code"}[arguments.help_level],
                          {"en": "English", "zh-CN": "Chinese"}[lang]))
    return 0
