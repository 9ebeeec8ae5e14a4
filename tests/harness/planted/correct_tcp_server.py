"""Correct: the seed's TcpServer with its bug fixed."""
from common import tcp_server
tcp_server()
