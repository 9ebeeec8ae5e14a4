"""Bug: an echo server: each message comes back as it came, without "at TIMESTAMP :"."""
from common import tcp_server

tcp_server(reply=lambda data: data)
