"""Bug: the client sends the line with its newline."""
from common import tcp_client
tcp_client(line_to_send=lambda line: line + b"\n")
