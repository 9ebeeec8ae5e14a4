"""Bug: the server crashes when a message comes, as one with a bad pointer does."""
from common import crash, tcp_server
tcp_server(reply=lambda data: crash())
