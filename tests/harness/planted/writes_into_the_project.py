"""Mistake: the server writes a file into the project's folder (next to itself) for each
message: while grading the project is read-only, as it must be (a program under test must
not change the grader, or another lab's files)."""
import os

from common import reply_to, tcp_server


def logging_reply(data):
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "messages.log"), "ab") as log:
        log.write(data + b"\n")
    return reply_to(data)


tcp_server(reply=logging_reply)
