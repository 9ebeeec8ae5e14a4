"""Bug: the server answers one message per connection, then closes it."""
from common import reply_to, tcp_server
tcp_server(serve_client=lambda conn: conn.sendall(reply_to(conn.recv(1024))))
