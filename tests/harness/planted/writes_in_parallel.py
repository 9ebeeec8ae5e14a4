"""Mistake (lab 09's, in threads): each message's reply is written by a writer of its own,
started at once, not after the write before it is done: with messages coming faster than
they are answered, the replies overtake each other."""
import random
import threading
import time

from common import reply_to, threaded_server


def serve(connection):
    with connection:
        while True:
            try:
                data = connection.recv(1024)
            except ConnectionError:
                return
            if not data:
                return

            def write(reply=reply_to(data)):
                time.sleep(random.random() / 1000)
                try:
                    connection.sendall(reply)
                except OSError:
                    pass
            threading.Thread(target=write, daemon=True).start()


threaded_server(serve=serve)
