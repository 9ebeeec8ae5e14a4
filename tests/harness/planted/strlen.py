"""Bug: the message is cut at its first NUL byte, as strlen() would."""
from common import reply_to, tcp_server
tcp_server(reply=lambda data: reply_to(data.split(b"\0")[0]))
