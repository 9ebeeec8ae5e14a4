"""Bug: the reply has no " :" between the timestamp and the message."""
import time
from common import tcp_server
tcp_server(reply=lambda data: b"at " + time.ctime().encode() + b" " + data)
