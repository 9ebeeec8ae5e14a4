"""Mistake: the client prints whatever datagram comes first as the reply to its line: a late
reply to the line before (it came after the client had resent that line and moved on) is
printed as the reply to the next."""
from common import udp_client

udp_client(is_reply=lambda data, line: True)
