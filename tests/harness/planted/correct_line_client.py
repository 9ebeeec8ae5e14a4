"""Correct: a line client that sends each line whole and reads each reply until its "\n"."""
from common import line_client
line_client()
