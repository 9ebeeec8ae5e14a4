"""Bug: the UDP client receives into a 1024-byte buffer: a longer reply is cut."""
from common import udp_client
udp_client(bufsize=1024)
