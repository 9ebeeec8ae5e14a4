"""Bug: the client sends the empty line (no bytes at all) instead of ending the session,
then waits for a reply that never comes."""
import sys

from common import tcp_client


def every_line():
    for line in sys.stdin.buffer:
        yield line.rstrip(b"\r\n")


tcp_client(lines=every_line)
