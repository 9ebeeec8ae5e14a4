"""What can stop a check, a plan or the harness: the exceptions every layer shares.

A check ends in one of four ways: it passes (returns), it fails (CheckFailed: the
program's fault), it is skipped (CheckSkipped: it cannot run here), or the harness could
not do its part (HarnessError). NeverGotGoing is a failure that also tells the runner to
skip the checks that need the same program: it would only waste their time."""


class CheckFailed(Exception):
    """The program did not do what the check expects: `expectation` says what."""

    def __init__(self, expectation, hint_id=None):
        super().__init__(expectation)
        self.expectation = expectation
        self.hint_id = hint_id


class NeverGotGoing(CheckFailed):
    """The program under test (`program`: "server" or "client") waited out the whole start
    time without doing its first thing: the other checks that need it would too."""

    def __init__(self, expectation, hint_id, program):
        super().__init__(expectation, hint_id)
        self.program = program


class CheckSkipped(Exception):
    """The check cannot run here (and says why); it neither passes nor fails."""


class HarnessError(Exception):
    """The harness could not do its own part (a port it needs is taken, ...)."""


class CannotStart(HarnessError):
    """A program under test cannot be started at all (`program`: "server" or "client"):
    the other checks that need it are not run."""

    def __init__(self, message, program):
        super().__init__(message)
        self.program = program


class UsageError(Exception):
    """The command line asks for something that cannot be (a bad value, a missing option)."""
