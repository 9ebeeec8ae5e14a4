"""The Wine session: Wine's server kept running for a run, started again when it dies (Wine
8 aborts now and then), and nothing of Wine's left running after the run. With real Wine,
where it is installed (the windows-cross preset needs it)."""

import os
import shutil
import signal
import sys
import time
import unittest

from harness import wine

HAS_WINE = bool(shutil.which("wineserver") and (shutil.which("wine") or shutil.which("wine64")))


def _began_since(session):
    return {pid for pid, (_, _, started) in wine._wine_processes().items() if started >= session.since}


@unittest.skipUnless(HAS_WINE and sys.platform.startswith("linux"), "needs Wine, on Linux (/proc)")
class WineSessionTest(unittest.TestCase):
    def test_a_dead_server_is_started_again_and_nothing_is_left_behind(self):
        session = wine.WineSession(say=lambda text: None)
        with session:
            first = session.server
            self.assertIsNotNone(first, "the session's server is found in /proc")
            self.assertFalse(wine.mend(), "a running server is left alone")
            served = _began_since(session) - {first}
            self.assertTrue(served, "the warm-up starts Wine's own services")
            os.kill(first, signal.SIGABRT)  # as Wine 8's server does on its failed assertion
            for _ in range(50):  # at most 5 s
                if not wine._running(first):
                    break
                time.sleep(0.1)
            self.assertTrue(wine.mend(), "a dead server is started again")
            self.assertNotEqual(session.server, first)
            self.assertTrue(wine._running(session.server))
            self.assertFalse(served & set(wine._wine_processes()), "the dead server's programs are killed")
        self.assertIsNone(wine._session)
        self.assertEqual(_began_since(session), set(), "no Wine process begun during the run is left")

    def test_without_a_session_there_is_nothing_to_mend(self):
        self.assertFalse(wine.mend())


if __name__ == "__main__":
    unittest.main()
