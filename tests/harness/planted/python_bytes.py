"""Bug: the reply formats the received bytes object, as the seed's server does."""
import time
from common import tcp_server
tcp_server(reply=lambda data: ("at %s :%s" % (time.ctime(), data)).encode())
