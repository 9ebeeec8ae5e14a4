"""Correct: a line server that keeps what it received until each line is complete."""
from common import line_server
line_server()
