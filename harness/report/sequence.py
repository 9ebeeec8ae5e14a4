"""A check's story as a sequence diagram: the lifelines (the harness, and the programs
under test by their role) and the rows, one per step in the order they happened, each an
arrow (bytes, or a connection opened, closed or reset), a note on a lifeline, or where
the check broke. The html report draws it in SVG, the github summary in Mermaid."""

import re
from dataclasses import dataclass

from .. import language
from ..results import END, NOTE, RECEIVED, SENT, SIGNAL_FROM, SIGNAL_TO, START

HARNESS = "harness"
ROLES = ("server", "client")     # the order of the lifelines after the harness
MOST_ROWS = 60                   # a longer story is cut there (its full text is beside it)
LABEL = 56                       # characters of a label, at most


@dataclass(frozen=True)
class Row:
    number: int          # the step's number in the story (0: the failure)
    kind: str            # a results kind, or "failure"
    start: str           # the lifeline it starts at (the one a note is on)
    end: str             # the lifeline an arrow ends at (a note: the same as start)
    label: str           # what is written on it, short
    text: str            # the step as the text report tells it
    at: object           # seconds since the check began, or None


FAILURE = "failure"


def lifelines(check):
    """[(key, title)]: the harness, then the programs of the story, by role."""
    titles = {HARNESS: language.say("the harness")}
    for step in check.steps:
        if step.role and step.role not in titles:
            titles[step.role] = language.say(step.role)
        if step.kind == START and step.role:
            titles[step.role] = language.say("{} ({})", language.say(step.role), program_name(step.text))
    return [(key, titles[key]) for key in (HARNESS,) + ROLES if key in titles]


_INTERPRETER = re.compile(r"(python[\d.]*|py|node|ruby|perl|java|wine\d*)(\.exe)?$")


def program_name(started):
    """ "tcp_server" of "started `build/default/labs/01-tcp-server/tcp_server --port 0`", and
    "server.py" of "started `python3 tests/server.py ...`": the program, not its interpreter."""
    words = started.split("`")[1].split() if started.count("`") >= 2 else ["?"]
    names = [re.split(r"[/\\]", word)[-1] for word in words if not word.startswith("-")] or ["?"]
    return names[1] if len(names) > 1 and _INTERPRETER.match(names[0]) else names[0]


def rows(check):
    """The rows of the diagram: a step each (the first MOST_ROWS), then where it broke."""
    told, failure_at = [], None
    for number, step in enumerate(check.steps, 1):
        if number > MOST_ROWS:
            told.append(Row(number, NOTE, HARNESS, HARNESS, language.say("... {} more steps (told below)",
                                                                         len(check.steps) - MOST_ROWS), "", None))
            break
        if step.at is None and failure_at is None and check.message:
            failure_at = len(told)  # the notes told after the check (how programs ended) come after it broke
        told.append(_row(number, step))
    if check.message:
        failure = Row(0, FAILURE, HARNESS, HARNESS, short(check.message), check.message, None)
        told.insert(len(told) if failure_at is None else failure_at, failure)
    return told


def _row(number, step):
    role = step.role or HARNESS
    if step.kind in (SENT, RECEIVED):
        label = short(language.say("{} (1 byte)" if step.size == 1 else "{} ({} bytes)", step.shown, step.size))
    else:
        label = short(step.text)
    if step.kind in (SENT, SIGNAL_TO):
        return Row(number, step.kind, HARNESS, role, label, step.text, step.at)
    if step.kind in (RECEIVED, SIGNAL_FROM):
        return Row(number, step.kind, role, HARNESS, label, step.text, step.at)
    if step.kind == START:  # the command, without the folders of its program
        label = short(re.sub(r"^[^`]*`(?:\S*[/\\])?([^`]*)`?", lambda command: language.say(
            "started: {}", command.group(1)), step.text))
    kind = step.kind if step.kind in (START, END) else NOTE
    return Row(number, kind, role, role, label, step.text, step.at)


def short(text, most=LABEL):
    """`text` on one line, cut to `most` characters (its spaces kept: two spaces in bytes shown
    are two bytes)."""
    text = text.strip().replace("\r", " ").replace("\n", " ")
    return text if len(text) <= most else text[:most - 1] + "…"


def is_arrow(row):
    return row.start != row.end


def is_data(row):
    return row.kind in (SENT, RECEIVED)


# --- Mermaid (GitHub renders a ```mermaid block)

_ALIAS = {HARNESS: "H", "server": "S", "client": "C"}


def mermaid(check):
    """The story as a Mermaid sequenceDiagram."""
    lines = ["sequenceDiagram"]
    lines += ["    participant {} as {}".format(_ALIAS[key], _mermaid_text(title)) for key, title in lifelines(check)]
    every = [_ALIAS[key] for key, _ in lifelines(check)]
    for row in rows(check):
        label = _mermaid_text("{}. {}".format(row.number, row.label) if row.number else row.label)
        if is_arrow(row):
            arrow = "->>" if is_data(row) else "-->>"
            lines.append("    {}{}{}: {}".format(_ALIAS[row.start], arrow, _ALIAS[row.end], label))
        elif row.kind == FAILURE:
            over = every[0] + ("," + every[-1] if len(every) > 1 else "")
            lines.append("    Note over {}: {}".format(over, _mermaid_text("✗ " + short(row.text, 2 * LABEL))))
            if check.hint:
                lines.append("    Note over {}: {}".format(over, _mermaid_text(short(
                    "hint ({}): {}".format(check.hint_id, check.hint), 2 * LABEL))))
        else:
            lines.append("    Note over {}: {}".format(_ALIAS[row.start], label))
    return "\n".join(lines)


_MARKUP = re.compile(r"[#;<>%`{}]")


def _mermaid_text(text):
    """Text Mermaid shows as it is: its markup characters as entity codes ("#35;" is "#")."""
    return _MARKUP.sub(lambda match: "#{};".format(ord(match.group(0))), text)
