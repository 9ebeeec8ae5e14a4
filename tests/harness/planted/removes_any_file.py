"""Mistake: the unix server removes whatever is at its --path before binding, an ordinary
file too: a typing mistake in --path deletes somebody's source code."""
import os

from common import tcp_server


def remove_anything(path):
    if os.path.exists(path):
        os.unlink(path)


tcp_server(clear=remove_anything)
