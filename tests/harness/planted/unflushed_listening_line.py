"""Mistake: the server prints its "listening on" line without flushing it: with stdout a
pipe (as under the harness, or `| tee`), the line waits in the buffer, and nobody learns
that the server listens."""
import socket
import sys

from common import options, stop_on_sigterm

args = options()
stop_on_sigterm()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((args.host, args.port))
server.listen(5)
# A stdout of its own, buffered as C's is when it is a pipe (whatever PYTHONUNBUFFERED says).
stdout = open(sys.stdout.fileno(), "w", buffering=8192, closefd=False)
stdout.write("listening on {}:{}\n".format(*server.getsockname()))  # and no flush
while True:
    conn, _ = server.accept()
    conn.close()
