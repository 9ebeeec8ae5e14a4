"""Bug: a newline is added after the message."""
from common import reply_to, tcp_server
tcp_server(reply=lambda data: reply_to(data) + b"\n")
