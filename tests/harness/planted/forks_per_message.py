"""Mistake: the server starts processes for each message and never reaps or stops them
(fork() in a loop): 500 of them, which the sandbox's processes limit stops."""
import os
import time

from common import reply_to, tcp_server

children = []


def forking_reply(data):
    for _ in range(500):
        pid = os.fork()
        if pid == 0:
            time.sleep(60)  # bounded: the harness kills them long before
            os._exit(0)
        children.append(pid)
    return reply_to(data)


tcp_server(reply=forking_reply)
