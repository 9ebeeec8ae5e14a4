"""Bug (Python 3 port of the seed): print(data) prints the reply as a bytes literal, b'...'."""
from common import tcp_client
tcp_client(show=lambda reply: repr(reply).encode())
