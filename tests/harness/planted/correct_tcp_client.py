"""Correct: the seed's TcpClient, ending cleanly at the end of input."""
from common import tcp_client
tcp_client()
