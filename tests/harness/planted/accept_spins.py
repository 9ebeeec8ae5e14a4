"""Mistake (labs 06, 08, 09): out of file descriptors, accept() fails at once, and the
server tries again at once: it spins on a full CPU and floods its log until a client leaves."""
from common import threaded_server

threaded_server(after_failed_accept=lambda: None)
