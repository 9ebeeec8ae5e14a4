"""Planted bug: a server that fails before it listens, as a starter does at its TODO (a
starter's own words are starter_stops.py's), and is still exiting when its stdout is
already closed (a program's exit closes its files first; flushing a large buffer or a slow
atexit handler widens the gap). The harness must tell that it exited early, not that it
never printed its listening line."""

import os
import sys
import time

sys.stderr.write("closes_stdout_then_exits: cannot read its settings\n")
sys.stderr.flush()
os.close(1)
time.sleep(0.15)
sys.exit(1)
