"""Mistake: the client sends its whole 256-byte buffer (C's `send(s, buf, sizeof buf, 0)`):
the line, then NUL bytes."""
from common import tcp_client

tcp_client(line_to_send=lambda line: line.ljust(256, b"\0"))
