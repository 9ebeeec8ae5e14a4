"""Bug: the UDP client waits for a reply forever (the seed's client does)."""
from common import udp_client
udp_client(use_timeout=False)
