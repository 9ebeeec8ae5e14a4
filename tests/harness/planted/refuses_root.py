"""Correct, but refuses to run as root: it proves that the harness, run as root, runs the
programs it grades as an unprivileged user."""
import os
import sys

from common import tcp_server

if os.getuid() == 0:
    sys.exit("refuses_root: running as root")
tcp_server()
