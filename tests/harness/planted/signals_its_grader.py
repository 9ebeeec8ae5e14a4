"""Mischief: the server asks its grader, the process that started it, to stop (SIGTERM),
then serves as it should. In the sandbox the grader is out of its reach: a check's
programs live in a PID namespace of their own, where the grader's pid names nothing."""
import os
import signal

from common import tcp_server

with open("/proc/self/status") as status:  # the pid of its parent as the machine sees it
    grader = int(next(line for line in status if line.startswith("PPid:")).split()[1])
try:
    os.kill(grader, signal.SIGTERM)
except OSError:
    pass  # no such process: the sandbox holds
tcp_server()
