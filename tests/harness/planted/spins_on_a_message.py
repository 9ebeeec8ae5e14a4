"""Mistake: on a message the server loops without ever blocking (a loop on a socket that
recv() keeps answering with 0 bytes does this): it burns CPU time until a limit stops it."""
from common import spin_forever, tcp_server

tcp_server(reply=lambda data: spin_forever())
