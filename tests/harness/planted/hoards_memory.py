"""Mistake: the server keeps every message, and more: a buffer that grows by 256 MiB with
each message and is never emptied (what trusting a size read from the peer does too)."""
from common import reply_to, tcp_server

hoard = []


def hoarding_reply(data):
    for _ in range(8):  # 2 GiB in all, which the sandbox's 1 GiB memory limit stops
        hoard.append(bytearray(256 * 1024 * 1024))
    return reply_to(data)


tcp_server(reply=hoarding_reply)
