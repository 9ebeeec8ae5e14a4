"""How to start a program under test: a command with placeholders the harness fills in.

Placeholders: {host}, {port}, {path} (AF_UNIX programs), and for UDP clients {timeout}
and {retries}. A server command without {port} cannot be told a port: the harness then
uses the fixed port it listens on (--port, default 21567) and probes it until it answers.
"""

import os
import shlex

PLACEHOLDERS = ("host", "port", "path", "timeout", "retries")
SEED_PORT = 21567
IS_WINDOWS = os.name == "nt"


class CommandError(ValueError):
    """A command line the harness cannot use (empty, unbalanced quotes, unknown placeholder)."""


class Command:
    def __init__(self, template, fixed_port=SEED_PORT, cwd=None):
        """template: a list of arguments, or one string split as a shell would (without
        running a shell). fixed_port: where the program listens if it takes no {port}."""
        if isinstance(template, str):
            try:
                parts = shlex.split(template, posix=not IS_WINDOWS)
            except ValueError as error:
                raise CommandError("cannot read the command {!r}: {}".format(template, error)) from None
            if IS_WINDOWS:
                parts = [part[1:-1] if len(part) > 1 and part[0] == part[-1] == '"' else part for part in parts]
        else:
            parts = [str(part) for part in template]
        if not parts:
            raise CommandError("the command is empty")
        for part in parts:
            try:
                part.format(**{name: "" for name in PLACEHOLDERS})
            except (KeyError, IndexError, ValueError) as error:
                raise CommandError("the command has an unknown placeholder in {!r}: {} (known: {})".format(
                    part, error, ", ".join("{" + name + "}" for name in PLACEHOLDERS))) from None
        self.parts = parts
        self.fixed_port = fixed_port
        self.cwd = cwd

    def takes(self, placeholder):
        return any("{" + placeholder + "}" in part for part in self.parts)

    def argv(self, **values):
        """The command with the placeholders filled in."""
        values = {name: values.get(name, "") for name in PLACEHOLDERS}
        return [part.format(**values) for part in self.parts]

    def __repr__(self):
        return "Command({!r})".format(self.parts)


def display(argv):
    """A command line as a person would type it, with paths shown relative to here."""
    shown = []
    for arg in argv:
        if os.path.isabs(arg) and os.path.exists(arg):
            relative = os.path.relpath(arg)
            arg = relative if not relative.startswith("..") else arg
        shown.append(arg if IS_WINDOWS else shlex.quote(arg))
    return " ".join(shown)
