"""What a run produced: a result per check, grouped per lab. Reporters read only these."""

from dataclasses import dataclass, field
from typing import List, Optional

PASS, FAIL, ERROR, SKIP = "pass", "fail", "error", "skip"

# What a step was, for drawing it (report/sequence.py): bytes that crossed, with their direction
# between the harness and the program in `role`; a connection opened, closed or reset, by either
# side; a program started or ended; anything else is a note.
SENT, RECEIVED = "sent", "received"                    # data, the harness -> the program, and back
SIGNAL_TO, SIGNAL_FROM = "signal-to", "signal-from"    # connect/shutdown/close/reset, either way
START, END, NOTE = "start", "end", "note"


@dataclass(frozen=True)
class Step:
    """One numbered step of a check's story."""
    text: str               # as the text report tells it
    at: Optional[float] = None  # seconds since the check began (None: told after it, as a note)
    kind: str = NOTE
    role: str = ""          # whose lifeline: "server" or "client" (the programs under test), "" the harness's
    shown: str = ""         # SENT/RECEIVED: the bytes, escaped
    size: int = 0           # SENT/RECEIVED: how many bytes

    def as_dict(self):
        told = {"text": self.text, "at": None if self.at is None else round(self.at, 4), "kind": self.kind}
        if self.role:
            told["role"] = self.role
        if self.kind in (SENT, RECEIVED):
            told["bytes"] = self.size
        return told


@dataclass
class CheckResult:
    id: str                 # "tcp-server/reply-format"
    status: str             # pass, fail (the program's fault), error (the harness's), skip
    points: int
    max_points: int
    proves: str = ""        # one line: what passing shows
    message: str = ""       # the one expectation that failed, or why it was skipped
    hint: str = ""          # the likely mistake, and the fix
    hint_id: str = ""
    steps: List[Step] = field(default_factory=list)  # the numbered steps that ran
    duration_s: float = 0.0

    @property
    def transcript(self):
        """The steps' texts."""
        return [step.text for step in self.steps]

    @property
    def passed(self):
        return self.status == PASS

    @property
    def lost_points(self):
        """It counts against the student: it failed, erred, or was not run because of an
        earlier failure (skipped with its points lost). A check skipped because it cannot
        run on this machine carries 0 of 0 points and counts against nobody, in every format."""
        return self.status in (FAIL, ERROR) or self.points < self.max_points


@dataclass
class LabResult:
    id: str                 # "01", or the role name for `check`
    name: str               # "01-tcp-server"
    checks: List[CheckResult] = field(default_factory=list)

    @property
    def score(self):
        return sum(check.points for check in self.checks)

    @property
    def max_score(self):
        return sum(check.max_points for check in self.checks)

    @property
    def passed(self):
        return all(check.status in (PASS, SKIP) for check in self.checks) and bool(self.checks)


@dataclass
class RunResult:
    labs: List[LabResult] = field(default_factory=list)

    @property
    def score(self):
        return sum(lab.score for lab in self.labs)

    @property
    def max_score(self):
        return sum(lab.max_score for lab in self.labs)

    @property
    def passed(self):
        return all(lab.passed for lab in self.labs)

    def as_dict(self):
        """The JSON shape of SPEC section 4 (and, beside `transcript`, `steps`: each step's
        time since the check began, its kind, whose it is, the bytes it moved)."""
        return {
            "score": self.score,
            "max_score": self.max_score,
            "labs": [{
                "id": lab.id,
                "name": lab.name,
                "score": lab.score,
                "max_score": lab.max_score,
                "checks": [{
                    "id": check.id,
                    "status": check.status,
                    "points": check.points,
                    "max_points": check.max_points,
                    "proves": check.proves,
                    "message": check.message,
                    "hint": check.hint,
                    "hint_id": check.hint_id,
                    "transcript": check.transcript,
                    "duration_s": round(check.duration_s, 3),
                    "steps": [step.as_dict() for step in check.steps],
                } for check in lab.checks],
            } for lab in self.labs],
        }
