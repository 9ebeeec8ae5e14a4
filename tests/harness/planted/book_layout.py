"""Mistake: the reply in the layout of the book Core Python Programming's tsTserv.py,
"[ctime] message", not this course's "at ctime :message"."""
import time
from common import tcp_server
tcp_server(reply=lambda data: b"[" + time.ctime().encode() + b"] " + data)
