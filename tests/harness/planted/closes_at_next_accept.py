"""Mistake (lab 08's old solution): a client's thread ends, but its socket is closed only
when the next client is accepted. A client that half-closes never sees the end; and out of
descriptors, no accept() succeeds, so no socket is ever closed again."""
import threading

from common import answer_each_message, threaded_server

finished = []  # the connections whose thread has ended, their sockets still open
lock = threading.Lock()


def serve_and_keep(connection):
    answer_each_message(connection)
    with lock:
        finished.append(connection)


def close_the_finished(connection):
    with lock:
        for done in finished:
            done.close()
        finished.clear()


threaded_server(serve=serve_and_keep, accepted=close_the_finished)
