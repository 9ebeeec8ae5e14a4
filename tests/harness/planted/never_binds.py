"""Bug (lab 01 with TODO 1 alone done): the socket is made but never bound, and its
listening line shows the address it has: 0.0.0.0:0."""
import socket

from common import listening

listening(socket.socket(socket.AF_INET, socket.SOCK_STREAM))
