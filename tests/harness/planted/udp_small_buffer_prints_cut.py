"""Bug: the UDP client receives into a 1024-byte buffer, and prints whatever comes: a longer
reply is printed cut."""
from common import udp_client
udp_client(bufsize=1024, is_reply=lambda data, line: True)
