"""Correct: a UDP client with a timeout and retries."""
from common import udp_client
udp_client()
