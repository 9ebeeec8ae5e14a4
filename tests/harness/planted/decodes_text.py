"""Mistake: the server decodes each message as UTF-8 text before it answers: bytes that are
not UTF-8 (0xFF) end it with a UnicodeDecodeError."""
import time

from common import tcp_server

tcp_server(reply=lambda data: ("at %s :%s" % (time.ctime(), data.decode("utf-8"))).encode("utf-8"))
