"""Bug: the client skips an empty line and goes on with the next ones."""
import sys

from common import tcp_client


def non_empty_lines():
    for line in sys.stdin.buffer:
        if line.rstrip(b"\r\n"):
            yield line.rstrip(b"\r\n")


tcp_client(lines=non_empty_lines)
