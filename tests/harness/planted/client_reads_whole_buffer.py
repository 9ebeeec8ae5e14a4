"""Bug (lab 08's asio::read with a 1024-byte buffer): the client waits until 1024 bytes
have come, which a short reply never sends: it prints nothing, blocked reading."""
import socket

from common import tcp_client

tcp_client(receive=lambda sock: sock.recv(1024, socket.MSG_WAITALL))
