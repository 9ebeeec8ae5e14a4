"""What the sandbox costs (Linux), measured, not tested: starting a program with and
without its limits, and giving a check its namespaces. Run it from the repository's root:
python3 -m tests.harness.bench_sandbox (as root, or where user namespaces are allowed)."""

import statistics
import time

from harness import namespaces
from harness.limits import Limits
from harness.process import Program

ROUNDS = 50


def median_ms(function):
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def start(limits):
    with Program(["true"], limits=limits) as program:
        program.wait(5)


def main():
    print("medians of {} rounds".format(ROUNDS))
    print("a program started and ended, no limits:  {:.2f} ms".format(median_ms(lambda: start(None))))
    print("the same, with the sandbox's limits:     {:.2f} ms".format(median_ms(lambda: start(Limits()))))
    print("a check's namespaces, and nothing else:  {:.2f} ms".format(median_ms(
        lambda: namespaces.in_a_sandbox(lambda: None))))
    print("a check of one program, in the sandbox:  {:.2f} ms".format(median_ms(
        lambda: namespaces.in_a_sandbox(lambda: start(Limits())))))


if __name__ == "__main__":
    main()
