"""Bug: a line server that calls send() once per reply and ignores how many bytes it took."""
from common import line_server, sends_once
line_server(send=sends_once)
