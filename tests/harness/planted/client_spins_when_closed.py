"""Bug: when the server closes, the client loops forever instead of exiting."""
from common import spin_forever, tcp_client
tcp_client(on_server_closed=spin_forever)
