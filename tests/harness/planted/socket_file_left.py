"""Bug: an AF_UNIX server that leaves its socket file behind when it stops."""
from common import tcp_server
tcp_server(remove_socket_file=False)
