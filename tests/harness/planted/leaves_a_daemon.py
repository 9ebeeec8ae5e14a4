"""Mistake: the server starts a process in a session of its own (a daemon: outside its
process group, so stopping the server does not stop it), which outlives the server."""
import subprocess
import sys

from common import tcp_server

subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"], start_new_session=True,
                 stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
tcp_server()
