"""Mistake (lab 06): a thread per client, but a client's thread goes on after its client
left (here it sleeps; a loop that does not stop when recv() returns 0 does the same):
the server keeps a thread for every client it ever had."""
import socket
import threading
import time

from common import bind, listening, options, reply_to, stop_on_sigterm

args = options()
stop_on_sigterm()
server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
bind(server, (args.host, args.port))
server.listen(128)
listening(server)


def serve(connection):
    with connection:
        while True:
            data = connection.recv(1024)
            if not data:
                break
            connection.sendall(reply_to(data))
    time.sleep(60)  # the mistake: the thread outlives its client (bounded: the harness stops it)


while True:
    client, _ = server.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
