"""Bug: the server ignores SIGTERM."""
import signal
from common import tcp_server
tcp_server(on_sigterm=lambda: signal.signal(signal.SIGTERM, signal.SIG_IGN))
