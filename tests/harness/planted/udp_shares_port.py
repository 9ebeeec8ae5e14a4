"""Bug: the UDP server sets SO_REUSEADDR, so on Linux a second one shares a busy port."""
from common import udp_server
udp_server(reuse_address=True)
