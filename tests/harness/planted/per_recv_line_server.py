"""Bug: a line server that takes what one recv() returned for one line: TCP is a byte stream."""
from common import line_server
line_server(lambda data, pending: ([data.rstrip(b"\n")], b""))
