"""Correct (lab 06): a thread per client, which ends when its client leaves."""
from common import threaded_server

threaded_server()
