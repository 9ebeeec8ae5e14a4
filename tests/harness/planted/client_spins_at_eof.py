"""Bug: at the end of input the client loops forever instead of exiting."""
from common import spin_forever, tcp_client
tcp_client(after_input=spin_forever)
