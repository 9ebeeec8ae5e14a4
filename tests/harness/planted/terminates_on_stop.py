"""Bug: at the stop the program calls std::terminate(), as a C++ server does that leaves a
std::thread joinable (this one says what the C++ runtime says, then aborts)."""
import os
import signal
import sys
from common import tcp_server


def terminate(*_):
    sys.stderr.write("terminate called without an active exception\n")
    sys.stderr.flush()
    os.abort()


tcp_server(on_sigterm=lambda: signal.signal(signal.SIGTERM, terminate))
