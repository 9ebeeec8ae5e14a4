"""Bug: the timestamp is computed once, when the server starts, and sent with every reply."""
import time
from common import tcp_server
STARTED = time.ctime().encode()
tcp_server(reply=lambda data: b"at " + STARTED + b" :" + data)
