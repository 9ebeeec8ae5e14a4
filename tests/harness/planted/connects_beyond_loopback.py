"""Mistake: the client connects to a fixed address of a network (a LAN's), not to the
--host it was given; only loopback is reachable while grading."""
import sys

from common import tcp_client

sys.argv += ["--host", "10.1.2.3"]  # the last --host wins
tcp_client()
