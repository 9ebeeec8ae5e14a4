"""Bug: a line client that calls send() once per line and ignores how many bytes it took."""
from common import line_client, sends_once
line_client(send=sends_once)
