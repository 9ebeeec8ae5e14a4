"""Bug: the server crashes (SIGSEGV) when a message comes, as one with a bad pointer does."""
import os
import signal
from common import tcp_server
tcp_server(reply=lambda data: os.kill(os.getpid(), signal.SIGSEGV))
