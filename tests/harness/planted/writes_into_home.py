"""Mistake: the server keeps a log in the home folder of whoever runs it: while grading,
only the temporary folders may be written."""
import os

from common import reply_to, tcp_server


def logging_reply(data):
    with open(os.path.join(os.path.expanduser("~"), ".labs-sandbox-test.log"), "ab") as log:
        log.write(data + b"\n")
    return reply_to(data)


tcp_server(reply=logging_reply)
