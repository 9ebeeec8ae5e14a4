"""Mistake: a server that loses replies when messages come faster than it answers them
(here: after its first 1000 messages it reads on but answers no more)."""
from common import reply_to, threaded_server


def serve(connection):
    answered = 0
    with connection:
        while True:
            try:
                data = connection.recv(1024)
            except ConnectionError:
                return
            if not data:
                return
            if answered < 1000:
                connection.sendall(reply_to(data))
                answered += 1


threaded_server(serve=serve)
