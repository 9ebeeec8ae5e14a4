"""Mistake (lab 06): a thread per client, but a client's thread goes on after its client
left (here it sleeps; a loop that does not stop when recv() returns 0 does the same):
the server keeps a thread for every client it ever had."""
import time

from common import serve_and_close, threaded_server


def serve_and_linger(connection):
    serve_and_close(connection)
    time.sleep(60)  # the mistake: the thread outlives its client (bounded: the harness stops it)


threaded_server(serve=serve_and_linger)
