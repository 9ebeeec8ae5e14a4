"""Reporters: each turns the events of a run into one output format. A reporter never
runs anything; it is told of each check as it ends, and of the whole run at the end."""

import re
import threading


class Reporter:
    """The events of a run; a reporter overrides those it needs. Events may come from
    several threads at once (--jobs): each call holds the reporter's lock."""

    def __init__(self):
        self.lock = threading.RLock()

    def run_started(self, jobs, parallel):
        pass

    def job_started(self, job):
        pass

    def check_finished(self, job, result):
        pass

    def job_finished(self, job, lab_result):
        pass

    def run_finished(self, run_result):
        pass


class Reporters(Reporter):
    """Several reporters, told of every event in turn."""

    def __init__(self, reporters):
        super().__init__()
        self.reporters = reporters

    def _each(self, event, *args):
        with self.lock:
            for reporter in self.reporters:
                getattr(reporter, event)(*args)

    def run_started(self, jobs, parallel):
        self._each("run_started", jobs, parallel)

    def job_started(self, job):
        self._each("job_started", job)

    def check_finished(self, job, result):
        self._each("check_finished", job, result)

    def job_finished(self, job, lab_result):
        self._each("job_finished", job, lab_result)

    def run_finished(self, run_result):
        self._each("run_finished", run_result)


class DocumentReporter(Reporter):
    """A format written whole at the end of the run (json, junit, gradescope)."""

    def __init__(self, stream):
        super().__init__()
        self.stream = stream

    def render(self, run_result):
        raise NotImplementedError

    def run_finished(self, run_result):
        self.stream.write(self.render(run_result))
        self.stream.flush()


def full_name(lab_result_or_job, check_id):
    """"01-tcp-server tcp-server/starts": a check's name across labs."""
    return "{} {}".format(lab_result_or_job.name, check_id)


def failure_text(check):
    """A failed check told as plain text: the steps, the expectation, the hint."""
    lines = ["{}. {}".format(number, step) for number, step in enumerate(check.transcript, 1)]
    if check.message:
        lines.append(check.message)
    if check.hint:
        lines.append("hint: " + check.hint)
    return "\n".join(lines)


# "tcp_server.cpp:42:5: error" (GCC, Clang), "tcp_server.cpp(42): error" (MSVC), "#0 ... in main
# .../tcp_server.cpp:42" (a sanitizer's stack): a place in a source file, as tools print it.
_SOURCE_PLACE = re.compile(r"([\w.\-]+\.(?:cpp|cc|hpp|h))(?::(\d+)|\((\d+)\))")


def source_line(check, file_names):
    """(file name, line) of the first place in the check's story that is in one of
    `file_names` (the lab's own sources), or None: where a compile error or a crash points."""
    for text in [check.message] + list(check.transcript):
        for match in _SOURCE_PLACE.finditer(text or ""):
            if match.group(1) in file_names:
                return match.group(1), int(match.group(2) or match.group(3))
    return None
