"""Mistake: a server that loses replies when messages come faster than it answers them
(here: after its first 1000 messages it reads on but answers no more)."""
import itertools

from common import answer_each_message, threaded_server


def serve(connection):
    answered = itertools.count()
    with connection:
        answer_each_message(connection, send=lambda reply: next(answered) < 1000 and connection.sendall(reply))


threaded_server(serve=serve)
