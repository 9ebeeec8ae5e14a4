"""Bug: the server prints its listening line and exits with status 0 (lab 01's starter
with TODO 1-3 done: its loop still ends at the `break` TODO 6 removes)."""
import sys

from common import options, tcp_listener

server = tcp_listener(options())
sys.exit(0)
