"""Bug: the reply is sent before the message is read (send() before recv() in the loop):
each reply carries the message before it, the first one nothing."""
from common import reply_to, tcp_server


def serve(connection):
    last = b""
    while True:
        connection.sendall(reply_to(last))
        try:
            last = connection.recv(1024)
        except ConnectionError:
            return
        if not last:
            return


tcp_server(serve_client=serve)
