"""Correct (lab 06): a thread per client, which ends when its client leaves."""
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


def serve(connection):
    with connection:
        while True:
            data = connection.recv(1024)
            if not data:
                break
            connection.sendall(reply_to(data))


while True:
    client, _ = server.accept()
    threading.Thread(target=serve, args=(client,), daemon=True).start()
