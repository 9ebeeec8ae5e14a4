"""Mistake (lab 06): a thread per client, but the threads share one variable for the
client's socket, which the accepting loop overwrites: under load, replies go to the wrong
client. One client at a time, nothing shows."""
from common import answer_each_message, threaded_server

client = None  # the mistake: one for every thread


def remember(connection):
    global client
    client = connection


def serve(connection):  # replies go to the latest client's socket, not this thread's
    answer_each_message(connection, send=lambda reply: client.sendall(reply))


threaded_server(serve=serve, accepted=remember)
