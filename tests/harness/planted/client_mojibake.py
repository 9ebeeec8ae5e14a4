"""Bug: the reply's bytes decoded as Latin-1 and printed as UTF-8: "你好" comes out as mojibake."""
from common import tcp_client
tcp_client(show=lambda reply: reply.decode("latin-1").encode("utf-8"))
