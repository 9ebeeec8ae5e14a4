"""`class`: a whole class graded with the course's own harness.

    python3 -m harness class ROSTER.csv --output DIR [--labs LAB...] [--jobs N]
                                        [--deadline WHEN] [--regrade] [--shard K/N]

Each worker keeps a copy of the course's tree (the student repository, as exported: the
harness, labkit, the starters) and its build tree, from one student to the next. For each
student it fetches the submission (roster.py), puts back the starters, copies in only each
lab's program sources (as the Gradescope bundle does: a change to the harness, labkit or
the build has no effect, and is told in the student's notes), and runs `grade` there, in
a process of its own with a time limit. A student's outcome is saved as soon as it is
known (DIR/students/NAME/): run again, and the students graded at the same commit are kept,
unless --regrade. gradebook.py writes what the instructor reads."""

import datetime
import hashlib
import json
import os
import queue
import shutil
import sys
import threading
import time

from . import __version__, export, gradebook, labs, roster
from .errors import UsageError
from .gradescope import take_submission
from .process import INTERRUPT_GRACE, Program

OK, BUILD_FAILED, TIMEOUT, ERROR, MISSING = "ok", "build-failed", "timeout", "error", "missing"
STUDENT_TIME_LIMIT = 1200  # seconds per student, a first build of every lab included
COURSE_FILES = ("harness/", "labkit/", "tools/", "cmake/", "tests/", "CMakeLists.txt", "CMakePresets.json")


def parse_shard(text):
    """"K/N" -> (K, N): this run grades the students K, K+N, K+2N... of the roster (from 1)."""
    try:
        number, count = (int(part) for part in (text or "1/1").split("/"))
    except ValueError:
        raise UsageError("--shard {}: give it as K/N, e.g. 2/4".format(text)) from None
    if not 1 <= number <= count:
        raise UsageError("--shard {}: K must be from 1 to N".format(text))
    return number, count


class Workspace:
    """A worker's copy of the course's tree, whose build is kept from one student to the next."""

    def __init__(self, folder, course):
        self.course = course
        self.digest = course_digest(course)
        self.tree = os.path.join(folder, "tree")
        self.submission = os.path.join(folder, "submission")
        if not os.path.isdir(self.tree):
            export.write_files(course, self.tree)

    def reset(self):
        """The starters back in labs/ (only those that differ: the build keeps the others),
        and no submission."""
        for path, data in self.course.items():
            if path.startswith("labs/") and path.endswith(".cpp"):
                target = os.path.join(self.tree, path)
                with open(target, "rb") as current:
                    same = current.read() == data
                if not same:
                    with open(target, "wb") as out:
                        out.write(data)
        shutil.rmtree(self.submission, ignore_errors=True)


def course_digest(course):
    """A digest of what grades (the harness, labkit, the build): a change to any, and the
    students graded before it are graded again."""
    digest = hashlib.sha256()
    for path in sorted(path for path in course if path.startswith(COURSE_FILES)):
        digest.update(path.encode() + b"\0" + course[path] + b"\0")
    return digest.hexdigest()[:16]


def course_changes(submission, course):
    """The files of the course (harness, labkit, the build) that the submission changed or
    added: they are not used, and the student is told."""
    changed = []
    for folder, folders, names in os.walk(submission):
        folders[:] = [name for name in folders if name not in (".git", "build", "__pycache__")]
        for name in names:
            path = os.path.relpath(os.path.join(folder, name), submission).replace(os.sep, "/")
            full = os.path.join(folder, name)
            if not path.startswith(COURSE_FILES) or os.path.islink(full) or not os.path.isfile(full):
                continue  # (a link or a FIFO is never opened)
            with open(os.path.join(folder, name), "rb") as source:
                if course.get(path) != source.read():
                    changed.append(path)
    return sorted(changed)


def grade_student(student, row, workspace, chosen, arguments, folder):
    """Grades one student (of the roster's line `row`) in `workspace`; returns their outcome
    (a dict, also saved in `folder`), or the one saved there already if their sources are
    the same, graded by the same course files (unless --regrade)."""
    started = time.monotonic()
    outcome = {"student": student.name, "row": row, "repository": student.repository, "commit": "",
               "status": MISSING, "labs": {}, "checks": {}, "notes": [], "harness": __version__,
               "course": workspace.digest}
    workspace.reset()
    try:
        outcome["commit"] = roster.fetch(student, workspace.submission, arguments.deadline, arguments.roster_folder)
        notes = take_submission(workspace.submission, workspace.tree, chosen)
        if all(note.startswith("Your submission has no") for note in notes):
            raise roster.Missing("it has none of the labs' programs ({})".format(
                ", ".join(program + ".cpp" for lab in chosen for program in lab.programs)))
        outcome["sources"] = _digest(workspace.tree, chosen)
        gradebook.keep_sources(os.path.dirname(os.path.dirname(folder)), student.folder, workspace.tree, chosen, notes)
        kept = None if arguments.regrade else gradebook.load_outcome(folder)
        if kept and kept.get("status") in (OK, BUILD_FAILED) and kept.get("sources") == outcome["sources"] and \
                kept.get("course") == workspace.digest and sorted(kept["labs"]) == sorted(lab.number for lab in chosen):
            return dict(kept, kept=True)
        outcome["notes"] = notes + ["Changed {}: not used (graded with the course's own).".format(path)
                                    for path in course_changes(workspace.submission, workspace.course)]
        graded = _run_grade(workspace, chosen, arguments, folder)
        outcome["notes"] += graded.pop("notes", [])
        outcome.update(graded)
    except roster.Missing as missing:
        outcome["notes"].append("Not graded: {}.".format(missing))
    outcome["seconds"] = round(time.monotonic() - started, 1)
    outcome["graded_at"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    gradebook.save_outcome(folder, outcome)
    return outcome


def _digest(tree, chosen):
    """A digest of the lab sources graded: the same sources, the same grade."""
    digest = hashlib.sha256()
    for lab in chosen:
        for program in lab.programs:
            with open(os.path.join(tree, "labs", lab.folder, program + ".cpp"), "rb") as source:
                digest.update(source.read() + b"\0")
    return digest.hexdigest()


def _run_grade(workspace, chosen, arguments, folder):
    """`grade` in the workspace, in a process of its own: what it gave (status, scores, and
    each check's status and hint)."""
    report = os.path.join(folder, "report.json")
    if os.path.exists(report):
        os.remove(report)
    argv = [sys.executable, "-m", "harness", "grade"] + [lab.number for lab in chosen] + [
        "--format", "json", "--output", report] + [word for limit in arguments.limit for word in ("--limit", limit)]
    with Program(argv, cwd=workspace.tree, name="harness", passes_on_interrupts=True) as grading:
        status = grading.wait(arguments.time_limit)
        if status is None:  # as Ctrl+C: it stops its builds and checks itself (a kill would not reach them all)
            grading.stop(INTERRUPT_GRACE, interrupt=True)
        text = grading.stdout.text() + grading.stderr.text()
    with open(os.path.join(folder, "report.txt"), "w", encoding="utf-8") as out:
        out.write(text)
    if status is None:
        return {"status": TIMEOUT, "notes": ["Not graded in {:g} s: stopped.".format(arguments.time_limit)]}
    try:
        with open(report, encoding="utf-8") as source:
            document = json.load(source)
    except (OSError, ValueError):
        last = [line for line in text.splitlines() if line.strip()][-1:] or ["no report"]
        return {"status": ERROR, "notes": ["The harness could not grade: " + last[0]]}
    built = [lab for lab in document["labs"]
             if any(check["id"] == labs.BUILDS and check["status"] == "pass" for check in lab["checks"])]
    return {"status": OK if built else BUILD_FAILED,
            "labs": {lab["id"]: [lab["score"], lab["max_score"]] for lab in document["labs"]},
            "checks": {lab["id"]: {check["id"]: [_status(check), check["hint_id"]] for check in lab["checks"]}
                       for lab in document["labs"]}}


def _status(check):
    """A check's status for the summary: "not-run" for one skipped because of an earlier
    failure (its points lost), "skip" only for one that cannot run on this machine."""
    return "not-run" if check["status"] == "skip" and check["points"] < check["max_points"] else check["status"]


def grade_class(arguments, root):
    """What `class ROSTER` does: every student of the shard graded (or kept), then the
    gradebook and the summary written. 0 once written."""
    number, count = parse_shard(arguments.shard)
    rows = list(enumerate(roster.read_roster(arguments.roster), 1))[number - 1::count]  # (line, student)
    students = [student for _, student in rows]
    chosen = labs.find_labs(arguments.labs)
    arguments.roster_folder = os.path.dirname(os.path.abspath(arguments.roster))
    output = os.path.abspath(arguments.output)
    os.makedirs(os.path.join(output, "students"), exist_ok=True)
    course = export.student_files(root)
    outcomes, waiting, lock = {}, queue.Queue(), threading.Lock()
    for row in rows:
        waiting.put(row)

    def work(index):
        workspace = Workspace(os.path.join(output, ".work", "worker-{}".format(index)), course)
        while True:
            try:
                row, student = waiting.get_nowait()
            except queue.Empty:
                return
            folder = os.path.join(output, "students", student.folder)
            os.makedirs(folder, exist_ok=True)
            outcome = grade_student(student, row, workspace, chosen, arguments, folder)
            score, most = gradebook.total(outcome)
            with lock:
                outcomes[student.name] = outcome
                print("{}: {} {}/{}{}".format(student.name, outcome["status"], score, most, " (kept: the same sources)"
                                              if outcome.get("kept") else " in {:.0f} s".format(outcome["seconds"])),
                      flush=True)

    workers = [threading.Thread(target=work, args=(index,), daemon=True)
               for index in range(1, max(1, min(arguments.jobs, len(students))) + 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    gradebook.write(output, [outcomes[student.name] for student in students if student.name in outcomes], chosen,
                    course)
    print("wrote {}, {} and {}".format(*(os.path.join(arguments.output, name) for name in gradebook.WRITTEN)))
    return 0


def main(arguments, root):
    """`class ROSTER --output DIR ...`, or `class merge DIR... --output DIR`."""
    if arguments.jobs < 1:
        raise UsageError("--jobs {}: at least 1".format(arguments.jobs))
    if arguments.roster != "merge":
        if arguments.folders:
            raise UsageError("class takes one roster (to join shards: class merge DIR... --output DIR)")
        return grade_class(arguments, root)
    if not arguments.folders:
        raise UsageError("class merge: name the folders of the shards, then --output DIR")
    missing = [folder for folder in arguments.folders if not os.path.isdir(os.path.join(folder, "students"))]
    if missing:
        raise UsageError("class merge: {} holds no graded students".format(", ".join(missing)))
    count = gradebook.merge(arguments.folders, os.path.abspath(arguments.output), labs.find_labs(arguments.labs))
    print("merged {} students into {}".format(count, os.path.join(arguments.output, "gradebook.csv")))
    return 0
