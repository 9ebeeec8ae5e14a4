"""Bug: the timestamp keeps the newline C's ctime() ends with."""
import time
from common import tcp_server
tcp_server(reply=lambda data: b"at " + time.ctime().encode() + b"\n :" + data)
