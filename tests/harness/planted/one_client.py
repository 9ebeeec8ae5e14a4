"""Bug: the server exits after its first client."""
import sys
from common import tcp_server
tcp_server(after_client=lambda: sys.exit(0))
