"""`test`: the project's whole test suite (CMake configure and build, then CTest), as the
README's second command and CI run it."""

import os
import sys

from . import prerequisites, process


def run_test_suite(root):
    """The project's whole test suite, as the README's second command runs it."""
    prerequisites.main_for("test")
    jobs = str(max(os.cpu_count() or 1, 2))
    steps = [["cmake", "--preset", "ci"], ["cmake", "--build", "--preset", "ci"],
             ["ctest", "--preset", "ci", "--parallel", jobs]]
    for step in steps:
        print("+ " + " ".join(step), flush=True)
        status = process.run_in_the_foreground(step, root)
        if status != 0:
            print("harness: `{}` failed (exit status {})".format(" ".join(step), status), file=sys.stderr)
            return 1
    return 0
