"""Running a plan: each job (a lab, or one `check` subject) is built, then its checks run
one after another; with parallel > 1, several jobs run at once. Results flow one way, to
a reporter, which is told of each check as it ends."""

import sys
import threading
import time
import traceback
from dataclasses import dataclass
from typing import Callable, List, Optional

from . import hints, labs, language, namespaces, wine
from .checks import CATALOGUE
from .context import Context
from .errors import CannotStart, CheckFailed, CheckSkipped, HarnessError, NeverGotGoing
from .process import Interrupted
from .results import ERROR, FAIL, PASS, SKIP, CheckResult, LabResult, RunResult, Step


@dataclass
class Job:
    id: str                          # "01", or the role for `check`
    name: str                        # "01-tcp-server"
    check_ids: List[str]             # what to run, in order ("builds" first, if it is run)
    points: dict                     # check id -> points
    subject: Optional[object] = None  # a subject.Subject; or made by build() when it succeeds
    build: Optional[Callable] = None  # () -> (BuildOutcome, Subject)
    source_hint: str = ""            # where the code is, for reports: "labs/01-tcp-server"
    run_as: Optional[object] = None  # a process.RunAs its programs run as; its processes die at the end


def run_check(check, subject, timing, max_points):
    """Runs one check in a Context of its own (and, if the subject says so, in a network of
    its own). Returns its result, and which program under test ("server", "client") never
    got going or could not start in it, if one did."""
    if subject.sandboxed:
        return namespaces.in_a_sandbox(lambda: _run_check(check, subject, timing, max_points))
    return _run_check(check, subject, timing, max_points)


def _run_check(check, subject, timing, max_points):
    ctx = Context(subject, timing, check.id)
    started = time.monotonic()
    error = None
    try:
        try:
            check.run(ctx)
        except Interrupted:
            raise
        except Exception as raised:  # judge() tells each kind of end for what it is
            error = raised
        result = judge(ctx, check.id, check.proves, error, max_points, started)
    finally:
        ctx.close()
    for pid, name in ctx.left_behind:
        result.steps.append(Step("{} (pid {}), started by the program, was still running after the check: the "
                                 "harness killed it".format(name, pid)))
    return result, _stopped_program(error, result)


def judge(ctx, check_id, proves, error, max_points, started=None):
    """The result of a check that ended with `error` (None: it passed), told with its steps
    and, if it did not pass, how its programs ended and the hint: the one failure path of
    every command (grade, check, bench)."""
    status, message, hint_id = PASS, "", ""
    if isinstance(error, CheckFailed):
        status, message, hint_id = FAIL, "expected " + error.expectation, error.hint_id or ""
    elif isinstance(error, CheckSkipped):
        status, message = SKIP, str(error)
    elif isinstance(error, HarnessError):
        status, message = ERROR, str(error)
    elif isinstance(error, OSError):
        # A socket call of the harness failed because of what the program did (a reset).
        status, message = FAIL, "the exchange with the program failed: {}".format(error)
    elif error is not None:
        status = ERROR
        message = "the harness itself failed (please report this):\n" + "".join(
            traceback.format_exception(type(error), error, error.__traceback__, limit=-4))
    notes = []
    if status != PASS:
        notes, root_cause = ctx.after_failure(message, failed=status == FAIL)
        hint_id = root_cause or hint_id
    if status == SKIP:
        max_points = 0  # what cannot run here is not graded here: its points leave the total too
    return CheckResult(
        id=check_id, status=status, points=max_points if status == PASS else 0, max_points=max_points,
        proves=proves, message=message, hint=hints.HINTS.get(hint_id, ""), hint_id=hint_id,
        steps=ctx.steps + notes, duration_s=time.monotonic() - started if started else 0.0)


def _stopped_program(error, result):
    if isinstance(error, CannotStart):
        return error.program
    if isinstance(error, NeverGotGoing) and result.hint_id == error.hint_id:
        return error.program  # (a crash told instead means it did get going)
    return None


def grade_job(job, reporter, timing, side_by_side=False):
    result = LabResult(job.id, job.name)
    reporter.job_started(job)
    subject = job.subject
    blocked = None  # (why the lab's checks are not run, the result that shows it)
    if job.build is not None:
        started = time.monotonic()
        try:
            outcome, subject = job.build()
        except HarnessError as error:
            outcome, subject = None, None
            blocked = (str(error).splitlines()[0], None)
        build_result = language.translated(_builds_result(job, outcome, blocked[0] if blocked else "",
                                                          time.monotonic() - started))
        if labs.BUILDS in job.check_ids:
            result.checks.append(build_result)
            reporter.check_finished(job, build_result)
        if outcome is not None and not outcome.ok:
            blocked = ("not run: the lab does not build", build_result)
    # A program that never gets going (a server that never listens, a client that never sends)
    # costs the whole start time in every check: after the first, the checks that need it
    # (as each declares) are not run.
    not_going = {}  # program -> (why, the result that showed it)

    def run_one(check_id):
        check = CATALOGUE[check_id]
        needs = [not_going[program] for program in check.programs if program in not_going]
        if blocked or needs:
            return language.translated(_not_run(check_id, job, *(blocked or needs[0])))
        if subject.under_wine:
            wine.mend()
        check_result, stopped = run_check(check, subject, timing, job.points[check_id])
        if check_result.status == FAIL and subject.under_wine:
            # Wine's own server crashes now and then, and every program with it: a failure
            # under Wine counts only if it happens twice, with the server started again.
            wine.mend()
            again, stopped = run_check(check, subject, timing, job.points[check_id])
            if again.status == PASS:
                again.steps.insert(0, Step("passed on the second try (the first failed: {}); under Wine a "
                                           "failure counts only if it happens twice".format(check_result.message)))
            check_result = again
        if stopped and check_result.status == ERROR:
            not_going[stopped] = ("not run: {}".format(check_result.message), check_result)
        elif stopped:
            not_going[stopped] = ("not run: the {} never got going (see {})".format(stopped, check_id), check_result)
        return language.translated(check_result)

    side_by_side = side_by_side and subject is not None and _may_run_side_by_side(subject)
    for check_id, check_result in _in_lanes([c for c in job.check_ids if c != labs.BUILDS], run_one, side_by_side):
        result.checks.append(check_result)
        reporter.check_finished(job, check_result)
    reporter.job_finished(job, result)
    return result


def _may_run_side_by_side(subject):
    """Whether the server's checks and the client's may run at once: not under Wine (one
    Wine server serves every program), and not where a program on a fixed port would meet
    the harness's own server on it (each check in a network of its own cannot)."""
    commands = [command for command in (subject.server, subject.client) if command is not None]
    return not subject.under_wine and (subject.sandboxed or all(
        command.takes("port") or command.takes("path") for command in commands))


def _in_lanes(check_ids, run_one, side_by_side):
    """Yields (check id, run_one(check id)) in the order of `check_ids`. With side_by_side,
    the server's checks and the client's run at once, each program's in its own order (a
    lab of both programs takes the longer of the two, not their sum), as do a server's TCP
    and UDP checks, and the checks that mostly wait on the clock; a check of both programs
    waits for those before it, and those after it wait for it."""
    rounds = []  # each: lane -> its check ids, in order; the lanes of a round may run at once
    for check_id in check_ids:
        programs = CATALOGUE[check_id].programs
        if len(programs) != 1 or not rounds or len(next(iter(rounds[-1]))[0]) != 1:
            rounds.append({})
        # A server of TCP and UDP (lab 09) is graded over each in a lane of its own; a check
        # that mostly waits on the clock (timestamp: into the next second) in one of its own.
        lane = (programs, check_id.startswith("udp-"), CATALOGUE[check_id].waits)
        rounds[-1].setdefault(lane, []).append(check_id)
    for lanes in rounds:
        in_order = sorted((c for lane in lanes.values() for c in lane), key=check_ids.index)
        if not side_by_side or len(lanes) == 1:
            for check_id in in_order:
                yield check_id, run_one(check_id)
            continue
        done, raised, ready = {}, [], threading.Condition()

        def run_lane(key, lane):
            # A lane that waits on the clock starts once a check of its program's main lane is
            # done: a program that never gets going is then known, and its checks not run.
            first = [checks[0] for other, checks in lanes.items() if other[:2] == key[:2] and not other[2]]
            try:
                with ready:
                    while key[2] and first and not any(check_id in done for check_id in first) and not raised:
                        ready.wait(0.1)
                for check_id in lane:
                    outcome = run_one(check_id)
                    with ready:
                        done[check_id] = outcome
                        ready.notify_all()
            except BaseException as error:  # (Interrupted too): raised again in the job's thread
                with ready:
                    raised.append(error)
                    ready.notify_all()
        threads = [threading.Thread(target=run_lane, args=item, daemon=True) for item in lanes.items()]
        for thread in threads:
            thread.start()
        for check_id in in_order:
            with ready:
                while check_id not in done and not raised:
                    ready.wait(0.1)
            if check_id not in done:
                break
            yield check_id, done[check_id]
        for thread in threads:
            thread.join()
        if raised:
            raise raised[0]


def _not_run(check_id, job, reason, cause):
    """A check left out because of an earlier one (`cause`): skipped, its points lost, and
    with the hint of that cause, which is what there is to fix."""
    return CheckResult(check_id, SKIP, 0, job.points[check_id], labs.proves(check_id), message=reason,
                       hint=cause.hint if cause else "", hint_id=cause.hint_id if cause else "")


def _builds_result(job, outcome, harness_error, seconds):
    max_points = job.points[labs.BUILDS]
    if outcome is None:
        return CheckResult(labs.BUILDS, ERROR, 0, max_points, labs.BUILDS_PROVES, message=harness_error,
                           duration_s=seconds)
    if outcome.ok:
        return CheckResult(labs.BUILDS, PASS, max_points, max_points, labs.BUILDS_PROVES, duration_s=seconds)
    return CheckResult(labs.BUILDS, FAIL, 0, max_points, labs.BUILDS_PROVES,
                       message="expected {} to compile; the first errors:\n{}".format(job.source_hint, outcome.errors),
                       hint=hints.HINTS["compile-error"], hint_id="compile-error",
                       steps=[Step("ran `{}`".format(outcome.command))] if outcome.command else [],
                       duration_s=seconds)


def run_plan(plan, reporter):
    """Runs a plan (plan.py): under one Wine server if its programs need Wine; every process
    of the user its programs run as is killed at the end."""
    try:
        if plan.under_wine:
            with wine.WineSession(say=lambda text: print(text, file=sys.stderr, flush=True)):
                return run(plan.jobs, reporter, plan.timing, plan.parallel)
        return run(plan.jobs, reporter, plan.timing, plan.parallel)
    finally:
        for run_as in {job.run_as for job in plan.jobs} - {None}:
            run_as.kill_all()


def run(jobs, reporter, timing, parallel=1):
    """Grades every job; returns a RunResult. Ctrl+C (KeyboardInterrupt) propagates."""
    run_result = RunResult()
    results = [None] * len(jobs)
    reporter.run_started(jobs, parallel)
    pending = list(range(len(jobs)))
    lock = threading.Lock()
    raised = []  # what ended a worker other than an interrupt (the report's reader gone): raised again below

    def worker():
        while True:
            with lock:
                if not pending or raised:
                    return
                index = pending.pop(0)
            try:
                results[index] = grade_job(jobs[index], reporter, timing, side_by_side=len(threads) == 1)
            except Interrupted:
                return
            except Exception as error:  # (a traceback printed by a thread would reach the user)
                raised.append(error)
                return

    # Even one job at a time runs in a worker thread: the main thread only waits, so that
    # Ctrl+C (KeyboardInterrupt, raised in the main thread) never lands half-way through
    # starting a program, and the caller can stop everything at once.
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, min(parallel, len(jobs))))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.1)
    if raised:
        raise raised[0]
    run_result.labs = [result for result in results if result is not None]
    reporter.run_finished(run_result)
    return run_result
