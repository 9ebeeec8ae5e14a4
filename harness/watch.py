"""`grade --watch`: grade, then grade again each lab whose program sources change, and say
in a line what changed since that lab's last run ("tcp-server/max-message now passes; 2
checks still fail"). It looks at the files' times and sizes every half second (nothing to
install), says at once which file changed, waits until a save is over, and starts a run at
most once a second. Ctrl+C (or SIGTERM) while it waits ends it with 130, as it ends a run."""

import os
import time

from . import labs, language
from .results import PASS

POLL = 0.5       # seconds between looks at the files
SETTLE = 0.3     # a change must have stopped this long: an editor may save in steps
MIN_GAP = 1.0    # seconds from the start of one run to the start of the next, at least
SHOWN = 3        # checks named one by one in "what changed"; more are counted


def sources(root, impl, lab):
    return [os.path.join(root, impl, lab.folder, program + ".cpp") for program in lab.programs]


def stamps(paths):
    """What tells a file changed: its modification time and size (None: it is not there)."""
    found = {}
    for path in paths:
        try:
            status = os.stat(path)
            found[path] = (status.st_mtime_ns, status.st_size)
        except OSError:
            found[path] = None
    return found


def _counted(count, one, many):
    """`one` ("1 lab") or `many` ("{} labs") filled with `count`, in the language chosen."""
    return language.say(one) if count == 1 else language.say(many, count)


def what_changed(before, after):
    """One line on a lab's run `after` (a LabResult) next to its run `before` (or None), in
    the language chosen."""
    then = {check.id: check.status for check in before.checks} if before else {}
    said = []
    for now_passing in (True, False):
        turned = [check.id for check in after.checks if then.get(check.id) not in (None, check.status)
                  and PASS in (then[check.id], check.status) and (check.status == PASS) == now_passing]
        if 0 < len(turned) <= SHOWN:
            said += [language.say("{} now passes" if now_passing else "{} now fails", id) for id in turned]
        elif turned:
            said.append(language.say("{} checks now pass ({}, ...)" if now_passing else "{} checks now fail ({}, ...)",
                                     len(turned), ", ".join(turned[:SHOWN])))
    failing = [check.id for check in after.checks if check.lost_points]  # (a check not run for an earlier one too)
    still = before is not None and all(then.get(id) not in (None, PASS) for id in failing)  # none has just begun
    if not failing:
        said.append(language.say("every check passes"))
    else:
        said.append(_counted(len(failing), *(("1 check still fails", "{} checks still fail") if still
                                             else ("1 check fails", "{} checks fail"))))
    return "{}: {}".format(after.name, "; ".join(said))


def watch(arguments, root, grade_labs, say=print, sleep=time.sleep):
    """Grades the labs asked for, then each again when its sources change. grade_labs(numbers)
    runs `grade` for those labs and returns its RunResult. Returns 130 when Ctrl+C ends the
    wait (a Ctrl+C during a run ends it as any run's)."""
    chosen = labs.find_labs(arguments.labs)
    watched = {lab.number: sources(root, arguments.impl, lab) for lab in chosen}
    last, due = {}, [lab.number for lab in chosen]
    while True:
        started = time.monotonic()
        seen = {number: stamps(paths) for number, paths in watched.items()}
        for lab_result in grade_labs(due).labs:
            say(what_changed(last.get(lab_result.id), lab_result))
            last[lab_result.id] = lab_result
        files = sum(map(len, watched.values()))
        say(language.say("watching {} of {}; Ctrl+C to stop", _counted(files, "1 file", "{} files"),
                         _counted(len(watched), "1 lab", "{} labs")))
        try:
            due = _wait_for_changes(watched, seen, sleep, say)
            sleep(max(0.0, MIN_GAP - (time.monotonic() - started)))
        except KeyboardInterrupt:
            say(language.say("stopped watching"))
            return 130


def _wait_for_changes(watched, seen, sleep, say):
    """The labs whose files differ from `seen`, once they have stopped changing; which
    file changed is said as soon as it is seen."""
    while True:
        sleep(POLL)
        now = {number: stamps(paths) for number, paths in watched.items()}
        changed = [number for number in watched if now[number] != seen[number]]
        if changed:
            say(language.say("{} changed: grading again", ", ".join(
                os.path.basename(path) for number in changed for path, stamp in now[number].items()
                if seen[number][path] != stamp)))
            sleep(SETTLE)
            if all(stamps(watched[number]) == now[number] for number in changed):
                return changed
