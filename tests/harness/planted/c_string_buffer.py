"""Bug: one buffer for every message, made into a reply up to its first NUL (as
std::string(buffer) or strlen() would), not by the count recv() returned: a message
shorter than the one before it comes back with the rest of the one before."""
from common import answer_each_message, reply_to, tcp_server

BUFFER = bytearray(1024)  # zeroed once, like `char data[1024] = {}` outside the loop


def serve(connection):
    def reply(data):
        BUFFER[:len(data)] = data
        return reply_to(bytes(BUFFER).split(b"\0")[0])
    answer_each_message(connection, reply)


tcp_server(serve_client=serve)
