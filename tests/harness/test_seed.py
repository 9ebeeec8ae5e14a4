"""The seed's own four Python programs, graded as they are, get the right diagnosis.
They use the fixed port 21567 (CTest runs this module alone on that port)."""

import os
import sys
import time
import unittest

from harness.command import SEED_PORT
from harness.wire import port_is_free
from tests.harness.support import SEED, check_json


def seed(name):
    return "{} {}".format(sys.executable, os.path.join(SEED, name + ".py"))


class SeedServers(unittest.TestCase):
    def setUp(self):
        # The seed's servers bind without SO_REUSEADDR: they cannot take port 21567 while an
        # earlier run's connections hold it in TIME_WAIT (a minute at most). Wait that out.
        deadline = time.monotonic() + 70
        while not port_is_free(SEED_PORT, reuse=False) and time.monotonic() < deadline:
            time.sleep(1)

    def test_tcp_server_sends_python_bytes(self):
        _, checks = check_json("tcp-server", "--only", "tcp-server/starts", "--only", "tcp-server/reply-format",
                               cmd=seed("tcp_server"))
        self.assertEqual(checks["tcp-server/starts"]["status"], "pass", checks)
        self.assertEqual(checks["tcp-server/reply-format"]["hint_id"], "python-bytes", checks)
        self.assertIn("b'hello'", "\n".join(checks["tcp-server/reply-format"]["transcript"]))

    def test_udp_server_sends_python_bytes(self):
        _, checks = check_json("udp-server", "--only", "udp-server/starts", "--only", "udp-server/reply-format",
                               cmd=seed("udp_server"))
        self.assertEqual(checks["udp-server/starts"]["status"], "pass", checks)
        self.assertEqual(checks["udp-server/reply-format"]["hint_id"], "python-bytes", checks)


class SeedClients(unittest.TestCase):
    def test_tcp_client_prompt_is_tolerated_and_eof_traceback_named(self):
        _, checks = check_json("tcp-client", "--only", "tcp-client/prints-reply", "--only", "tcp-client/eof-quits",
                               cmd=seed("tcp_client"))
        self.assertEqual(checks["tcp-client/prints-reply"]["status"], "pass", checks)
        self.assertEqual(checks["tcp-client/eof-quits"]["hint_id"], "python-eof-traceback", checks)

    def test_udp_client_prints_a_tuple_and_has_no_timeout(self):
        _, checks = check_json("udp-client", "--only", "udp-client/prints-reply",
                               "--only", "udp-client/timeout-retry", cmd=seed("udp_client"))
        self.assertEqual(checks["udp-client/prints-reply"]["hint_id"], "udp-reply-address", checks)
        self.assertEqual(checks["udp-client/timeout-retry"]["hint_id"], "udp-no-timeout", checks)


if __name__ == "__main__":
    unittest.main()
