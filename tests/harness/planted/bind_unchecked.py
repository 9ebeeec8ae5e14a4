"""Bug: bind()'s failure is not checked. listen() on a socket that is not bound binds it
to a free port on every address, so a second server on a busy port runs, elsewhere."""
import socket

from common import answer_each_message, options, stop_on_sigterm

args = options()
stop_on_sigterm()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    server.bind((args.host, args.port))
except OSError:
    pass  # the bug: as a C program that ignores bind()'s return value
server.listen(5)
host, port = server.getsockname()
print("listening on {}:{}".format(host, port), flush=True)
while True:
    conn, _ = server.accept()
    with conn:
        answer_each_message(conn)
