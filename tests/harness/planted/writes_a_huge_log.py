"""Mistake: the server logs every message into a file, a megabyte at a time, in a loop that
never stops: the file grows until the sandbox's file-size limit stops it."""
import tempfile

from common import reply_to, tcp_server


def logging_reply(data):
    with tempfile.TemporaryFile() as log:
        for _ in range(1000):  # a gigabyte, bounded: the limit stops it long before
            log.write(b"x" * 1024 * 1024)
    return reply_to(data)


tcp_server(reply=logging_reply)
