"""Correct (lab 06), but slow, as a server under Wine or on a loaded machine is: it stops
reading for 1 s after each of the first four MiB of tcp-server/pipelined (the 8 MiB then
take over 4 s), yet never for as long as a reply may take (2 s). Slow is not wrong: it
must pass."""
import socket
import time

from common import answer_each_message, reply_to, threaded_server

PAUSE = 1.0        # seconds without reading
EVERY = 1 << 20    # bytes read between two pauses
PAUSES = 4


def slowly(connection):
    received = [0]

    def reply_slowly(data):
        before, received[0] = received[0], received[0] + len(data)
        if before // EVERY != received[0] // EVERY and received[0] // EVERY <= PAUSES:
            time.sleep(PAUSE)
        return reply_to(data)

    connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 16)  # the client waits for it
    with connection:
        answer_each_message(connection, reply=reply_slowly)


threaded_server(serve=slowly)
