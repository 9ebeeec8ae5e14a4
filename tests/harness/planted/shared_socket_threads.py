"""Mistake (lab 06): a thread per client, but the threads share one variable for the
client's socket, which the accepting loop overwrites: under load, replies go to the wrong
client. One client at a time, nothing shows."""
import socket
import threading

from common import bind, listening, options, reply_to, stop_on_sigterm

args = options()
stop_on_sigterm()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
bind(server, (args.host, args.port))
server.listen(128)
listening(server)
client = None  # the mistake: one for every thread


def serve(connection):
    while True:
        try:
            data = connection.recv(1024)
            if not data:
                return
            client.sendall(reply_to(data))  # the latest client's socket, not this thread's
        except OSError:
            return


while True:
    client, _ = server.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
