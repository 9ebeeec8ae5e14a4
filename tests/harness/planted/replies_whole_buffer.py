"""Mistake: the server sends its whole 1024-byte buffer (C's `send(s, buf, sizeof buf, 0)`),
the reply and then NUL bytes."""
from common import reply_to, tcp_server

tcp_server(reply=lambda data: reply_to(data).ljust(1024, b"\0"))
