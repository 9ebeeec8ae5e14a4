"""Bug: the receive buffer is 512 bytes, smaller than the seed's BUFSIZE of 1024."""
from common import tcp_server
tcp_server(bufsize=512)
