"""Bug: the server binds and prints its listening line, but never calls listen(): each
accept() fails (EINVAL), and it tries again (lab 01 without TODO 3)."""
import socket
import time

from common import bind, listening, options, stop_on_sigterm

stop_on_sigterm()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
bind(server, (options().host, options().port))
listening(server)
while True:
    try:
        server.accept()
    except OSError:
        time.sleep(0.01)
