"""Mistake (lab 09's, in threads): each message's reply is written by a writer of its own,
started at once, not after the write before it is done: with messages coming faster than
they are answered, the replies overtake each other."""
import random
import threading
import time

from common import answer_each_message, threaded_server


def serve(connection):
    def write(reply):
        time.sleep(random.random() / 1000)
        try:
            connection.sendall(reply)
        except OSError:
            pass

    with connection:
        answer_each_message(connection, send=lambda reply: threading.Thread(target=write, args=(reply,),
                                                                             daemon=True).start())


threaded_server(serve=serve)
