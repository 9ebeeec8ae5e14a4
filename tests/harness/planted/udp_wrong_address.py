"""Bug: the UDP server replies to the first client it met, whoever sent the datagram."""
from common import udp_server
first = []
udp_server(reply_address=lambda sender: (first or first.append(sender) or first)[0])
