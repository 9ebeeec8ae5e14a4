"""Bug: the UDP client prints the reply but not " from HOST:PORT", whom it came from."""
from common import udp_client
udp_client(show=lambda reply, sender: reply)
