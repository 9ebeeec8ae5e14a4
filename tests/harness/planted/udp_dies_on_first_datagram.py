"""Bug: a UDP server on a fixed port (its command takes no {port}) that dies on the first
datagram it gets: here, one that expects a number. The harness's readiness probe kills it."""
import socket
import sys

from common import bind, options, reply_to

args = options()
server = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
bind(server, (args.host, args.port))
while True:
    data, sender = server.recvfrom(8192)
    int(data)  # the mistake: a ValueError ends the server
    server.sendto(reply_to(data), sender)
