"""The mistakes of labs 06-09 that only C++ (threads, asio) makes, planted in copies of the
solutions (tests/planted_cpp/plant.py, built by CMake): each fails the check that reveals it,
with its hint. The solutions themselves pass every check (the solution tests of CTest)."""

import os
import sys
import unittest

from harness.build import Builder
from tests.harness.support import ROOT, check_json

LINUX = sys.platform.startswith("linux")
NOT_HERE = ("out-of-descriptors limits open files with prlimit, short-io preloads a library, and idle-cpu reads /proc: "
            "Linux only")

# name: (role, check, hint id), for tests/planted_cpp/plant.py's PLANTED.
EXPECTED = {
    "line_server_sends_once": ("line-server", "line-server/short-io", "partial-send"),
    "line_client_sends_once": ("line-client", "line-client/short-io", "partial-send"),
    "threaded_accept_spins": ("threaded-server", "tcp-server/out-of-descriptors", "accept-spins"),
    "asio_sync_no_shutdown": ("threaded-server", "tcp-server/half-close", "half-close-kept"),
    "asio_client_reads_whole_buffer": ("tcp-client", "tcp-client/prints-reply", "client-blocked-reading"),
    "asio_async_overlapping_writes": ("async-server", "tcp-server/pipelined", "replies-overlap"),
    "asio_async_accept_spins": ("async-server", "tcp-server/out-of-descriptors", "accept-spins"),
    "poll_blocking_clients": ("poll-server", "poll-server/slow-reader", "blocked-by-slow-reader"),
    "poll_partial_write_lost": ("poll-server", "poll-server/short-writes", "partial-write-lost"),
    "poll_pollout_always": ("poll-server", "poll-server/idle-cpu", "spins-when-idle"),
    "poll_closes_at_end_of_input": ("poll-server", "poll-server/slow-reader", "closed-with-replies-waiting"),
    "name_client_ipv4_only": ("name-client", "name-client/ipv6", "client-ipv4-only"),
    "name_client_first_address_only": ("name-client", "name-client/falls-back", "client-no-fallback"),
    "name_client_errno_reason": ("name-client", "name-client/unknown-name", "client-resolve-message"),
    "dual_server_ipv4_only": ("dual-server", "dual-server/localhost", "server-one-family"),
    "dual_server_first_address_only": ("dual-server", "dual-server/localhost", "server-one-family"),
    "dual_server_v6only_left_default": ("dual-server", "dual-server/any-address", "v6only-default"),
}
LINUX_ONLY = {"line_server_sends_once", "line_client_sends_once", "threaded_accept_spins", "asio_async_accept_spins",
              "poll_partial_write_lost", "poll_pollout_always",
              # localhost as ::1 and 127.0.0.1, and IPv6-only sockets by default: the sandbox, the preload
              "name_client_first_address_only", "dual_server_first_address_only", "dual_server_v6only_left_default"}


@unittest.skipUnless(os.path.isdir(os.path.join(ROOT, "solutions")), "the planted programs are made from the solutions")
class PlantedCpp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        builder = Builder(ROOT, "default")
        outcome = builder.build_target("planted_cpp")
        if not outcome.ok:
            raise AssertionError("the planted C++ programs do not build:\n" + outcome.errors)
        cls.folder = os.path.join(builder.build_dir, "tests", "planted_cpp")

    def test_every_planted_mistake_is_expected_somewhere(self):
        sys.path.insert(0, os.path.join(ROOT, "tests", "planted_cpp"))
        self.addCleanup(sys.path.pop, 0)
        import plant
        self.assertEqual(set(plant.PLANTED), set(EXPECTED))

    def test_each_fails_its_check_with_its_hint(self):
        for name, (role, check_id, hint_id) in EXPECTED.items():
            with self.subTest(planted=name):
                if name in LINUX_ONLY and not LINUX:
                    self.skipTest(NOT_HERE)
                program = os.path.join(self.folder, name + (".exe" if os.name == "nt" else ""))
                status, checks = check_json(role, "--only", check_id, cmd='"{}" --host {{host}} --port {{port}}'.format(
                    program))
                self.assertEqual((status, checks[check_id]["status"]), (1, "fail"), checks[check_id])
                self.assertEqual(checks[check_id]["hint_id"], hint_id, checks[check_id])

    def test_a_client_found_blocked_reading_is_not_waited_for_again(self):
        program = os.path.join(self.folder, "asio_client_reads_whole_buffer" + (".exe" if os.name == "nt" else ""))
        _, checks = check_json("tcp-client", cmd='"{}" --host {{host}} --port {{port}}'.format(program))
        later = ["tcp-client/utf8", "tcp-client/empty-line-quits", "tcp-client/eof-quits"]
        for check_id in ["tcp-client/prints-reply"] + later:
            self.assertEqual((checks[check_id]["status"], checks[check_id]["hint_id"]),
                             ("fail", "client-blocked-reading"), checks[check_id])
        for check_id in later:
            self.assertIn("tcp-client/prints-reply found the mistake behind this already: waiting 0.1 s, not 2 s",
                          checks[check_id]["transcript"], check_id)
        self.assertNotIn("found the mistake", checks["tcp-client/prints-reply"]["transcript"])


if __name__ == "__main__":
    unittest.main()
