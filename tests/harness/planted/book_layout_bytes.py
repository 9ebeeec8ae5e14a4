"""Two mistakes: the book's tsTserv.py as it is, run with Python 3: its layout
"[%s] %s" % (ctime(), data), and data, a bytes object, formatted as b'...'."""
import time
from common import tcp_server
tcp_server(reply=lambda data: ("[%s] %s" % (time.ctime(), data)).encode())
