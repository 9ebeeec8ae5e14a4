"""Bug: the timestamp is computed once per client address, at its first datagram."""
import time
from common import udp_server
first_seen = {}
udp_server(reply=lambda data: b"at " + first_seen.setdefault("client", time.ctime().encode()) + b" :" + data)
