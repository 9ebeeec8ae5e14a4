"""Correct: the seed's UdpServer with its bug fixed."""
from common import udp_server
udp_server()
