"""Each mistake the harness knows gets its own hint: a program with that one mistake
planted fails the check that reveals it, with that hint. And correct programs, written
apart from the reference solutions and in another language, pass every check."""

import os
import socket
import sys
import unittest
import uuid
from unittest import mock

from harness import runner
from harness.checks import CATALOGUE
from harness.command import Command
from harness.plan import Confinement
from harness.subject import Subject, Timing
from tests.harness.support import check_json, planted
from tests.harness.test_interrupt import processes_with

# Where the harness cannot read a program's CPU time (off Linux), a client that spins is told as one that hangs.
LINUX = sys.platform.startswith("linux")
NO_AF_UNIX = "no AF_UNIX in this Python (Windows): the unix-server checks are skipped, with that reason"


def free_port(kind):
    """A port free now on loopback, for a program whose port is fixed in its command."""
    with socket.socket(socket.AF_INET, kind) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


SPINS_AT_EOF = ("client-spins-at-eof",) if LINUX else ("client-spins-at-eof", "client-hangs")
SPINS_WHEN_CLOSED = ("client-spins-when-closed",) if LINUX else ("client-spins-when-closed", "client-misses-close")


class PlantedBugs(unittest.TestCase):
    def assertHint(self, role, program, check_id, hint_ids, extra=(), command=None):
        status, checks = check_json(role, "--only", check_id, *extra, cmd=command or planted(program))
        check = checks[check_id]
        self.assertEqual(status, 1, check)
        self.assertEqual(check["status"], "fail", check)
        self.assertIn(check["hint_id"], hint_ids if isinstance(hint_ids, tuple) else (hint_ids,), check)
        self.assertTrue(check["hint"], check)
        self.assertTrue(check["transcript"], check)

    # --- servers

    def test_python_bytes(self):
        self.assertHint("tcp-server", "python_bytes", "tcp-server/reply-format", "python-bytes")

    def test_a_server_that_makes_its_reply_from_the_buffer_up_to_a_nul(self):
        for check_id in ("tcp-server/timestamp", "tcp-server/payload-verbatim"):
            self.assertHint("tcp-server", "c_string_buffer", check_id, "stale-buffer")

    def test_a_server_that_replies_before_it_receives(self):
        for check_id in ("tcp-server/reply-format", "tcp-server/multiple-messages", "tcp-server/max-message"):
            self.assertHint("tcp-server", "replies_one_behind", check_id, "reply-before-receive")

    def test_a_server_that_does_not_check_bind(self):
        self.assertHint("tcp-server", "bind_unchecked", "tcp-server/busy-port", "bind-unchecked")

    def test_a_server_that_decodes_the_message_as_text(self):
        self.assertHint("tcp-server", "decodes_text", "tcp-server/payload-verbatim", "decodes-text")

    def test_a_server_that_sends_its_whole_buffer(self):
        self.assertHint("tcp-server", "replies_whole_buffer", "tcp-server/reply-format", "replies-whole-buffer")

    def test_the_books_layout(self):
        self.assertHint("tcp-server", "book_layout", "tcp-server/reply-format", "book-layout")
        self.assertHint("tcp-server", "book_layout_bytes", "tcp-server/reply-format", "book-layout-bytes")

    def test_a_server_exiting_with_its_stdout_closed_already_exited_early(self):
        self.assertHint("tcp-server", "closes_stdout_then_exits", "tcp-server/starts", "exited-early")
        status, checks = check_json("tcp-server", cmd=planted("closes_stdout_then_exits"))
        self.assertEqual({check["hint_id"] for check in checks.values() if check["status"] == "fail"},
                         {"exited-early"})

    def test_ctime_newline(self):
        self.assertHint("tcp-server", "ctime_newline", "tcp-server/reply-format", "ctime-newline")

    def test_reply_without_separator(self):
        self.assertHint("tcp-server", "no_separator", "tcp-server/reply-format", "reply-layout")

    def test_added_newline(self):
        self.assertHint("tcp-server", "added_newline", "tcp-server/reply-format", "added-newline")

    @unittest.skipUnless(sys.platform.startswith("linux"), "finds what a program left through /proc")
    def test_a_daemon_left_running_is_told_and_gone(self):
        marker = "LABS_DAEMON_TEST=" + uuid.uuid4().hex
        name, value = marker.split("=")
        with mock.patch.dict(os.environ, {name: value}):
            self.assertHint("tcp-server", "leaves_a_daemon", "tcp-server/clean-shutdown", "left-process")
            status, checks = check_json("tcp-server", "--only", "tcp-server/starts", cmd=planted("leaves_a_daemon"))
        self.assertEqual(checks["tcp-server/starts"]["status"], "pass")
        self.assertTrue([step for step in checks["tcp-server/starts"]["transcript"]
                         if "was still running after the check: the harness killed it" in step], checks)
        self.assertEqual(processes_with(marker), [], "a daemon outlived the grading")

    def test_a_timestamp_computed_once(self):
        self.assertHint("tcp-server", "timestamp_once", "tcp-server/timestamp", "timestamp-once")

    def test_a_udp_timestamp_computed_once_per_client(self):
        self.assertHint("udp-server", "udp_timestamp_per_client", "udp-server/timestamp", "timestamp-once")

    def test_cut_at_nul(self):
        self.assertHint("tcp-server", "strlen", "tcp-server/payload-verbatim", "cut-at-nul")

    @unittest.skipUnless(sys.platform.startswith("linux"), "counts threads through /proc")
    def test_threads_that_outlive_their_clients(self):
        self.assertHint("threaded-server", "threads_that_linger", "tcp-server/threads-end", "threads-never-end")

    def test_threads_that_share_the_clients_socket(self):
        self.assertHint("threaded-server", "shared_socket_threads", "tcp-server/many-clients", "replies-crossed")

    @unittest.skipUnless(sys.platform.startswith("linux"), "the harness limits open files with prlimit: Linux")
    def test_a_server_that_spins_when_out_of_descriptors(self):
        self.assertHint("threaded-server", "accept_spins", "tcp-server/out-of-descriptors", "accept-spins")

    @unittest.skipUnless(sys.platform.startswith("linux"), "the harness limits open files with prlimit: Linux")
    def test_a_server_that_closes_sockets_only_at_the_next_accept(self):
        self.assertHint("threaded-server", "closes_at_next_accept", "tcp-server/out-of-descriptors",
                        "descriptors-kept")
        self.assertHint("threaded-server", "closes_at_next_accept", "tcp-server/half-close", "half-close-kept")

    def test_a_server_whose_writes_overtake_each_other(self):
        self.assertHint("threaded-server", "writes_in_parallel", "tcp-server/pipelined", "replies-overlap")

    def test_a_server_that_stops_answering_when_messages_pile_up(self):
        self.assertHint("threaded-server", "stops_answering", "tcp-server/pipelined", "pipelined-stalled")

    def test_a_starter_that_stops_at_its_first_todo(self):
        self.assertHint("tcp-server", "starter_stops", "tcp-server/starts", "todo-not-done")

    def test_an_echo_server(self):
        self.assertHint("tcp-server", "echo_only", "tcp-server/reply-format", "echo-only")

    def test_a_server_whose_loop_ends_after_it_listens_is_told_once_why(self):
        # Lab 01's starter with TODO 1-3 done: the `break` TODO 6 removes ends the loop at once.
        status, checks = check_json("tcp-server", cmd=planted("exits_after_listening"))
        failed = {id: check["hint_id"] for id, check in checks.items() if check["status"] == "fail"}
        self.assertEqual(set(failed.values()), {"server-ended-loop"}, failed)
        self.assertGreaterEqual(len(failed), 9, failed)
        self.assertEqual(status, 1)

    def test_a_server_that_never_listens_is_told_once_why(self):
        # A second such server binds its port too (SO_REUSEADDR, neither listening): busy-port
        # is the same mistake, not a shared port.
        status, checks = check_json("tcp-server", cmd=planted("never_listens"))
        failed = {id: check["hint_id"] for id, check in checks.items() if check["status"] == "fail"}
        self.assertEqual(set(failed.values()), {"not-accepting"}, failed)
        self.assertIn("tcp-server/busy-port", failed)

    def test_a_server_that_stops_after_one_client_also_when_it_reset(self):
        self.assertHint("tcp-server", "one_client", "tcp-server/client-abort", "one-client")

    def test_a_server_whose_socket_was_never_bound(self):
        self.assertHint("tcp-server", "never_binds", "tcp-server/starts", "never-bound")

    def test_exits_after_one_client(self):
        self.assertHint("tcp-server", "one_client", "tcp-server/sequential-clients", "one-client")

    def test_one_message_per_connection(self):
        self.assertHint("tcp-server", "one_message", "tcp-server/multiple-messages", "one-message")

    def test_ignores_sigterm(self):
        self.assertHint("tcp-server", "ignores_sigterm", "tcp-server/clean-shutdown", "ignores-sigterm")

    def test_buffer_smaller_than_1024(self):
        self.assertHint("tcp-server", "small_buffer", "tcp-server/max-message", "small-buffer")

    def test_a_fixed_port_udp_server_that_dies_on_the_readiness_probe(self):
        port = free_port(socket.SOCK_DGRAM)
        self.assertHint("udp-server", "udp_dies_on_first_datagram", "udp-server/starts", "dies-on-probe",
                        extra=("--port", str(port)), command=planted("udp_dies_on_first_datagram",
                                                                     "--port {}".format(port)))

    def test_udp_reply_to_wrong_address(self):
        self.assertHint("udp-server", "udp_wrong_address", "udp-server/multiple-clients", "udp-wrong-address")

    @unittest.skipUnless(sys.platform.startswith("linux"), "SO_REUSEADDR shares a UDP port on Linux")
    def test_udp_server_that_shares_a_busy_port(self):
        self.assertHint("udp-server", "udp_shares_port", "udp-server/busy-port", "busy-port-shared")

    def test_line_server_that_answers_per_recv(self):
        self.assertHint("line-server", "per_recv_line_server", "line-server/trickle", "byte-stream")
        self.assertHint("line-server", "per_recv_line_server", "line-server/coalesced", "byte-stream")
        self.assertHint("line-server", "per_recv_line_server", "line-server/long-line", "byte-stream")
        self.assertHint("line-server", "per_recv_line_server", "line-server/half-close", "byte-stream")

    @unittest.skipUnless(sys.platform.startswith("linux"), "short_io preloads a library: Linux only")
    def test_line_server_that_ignores_a_short_send(self):
        self.assertHint("line-server", "line_server_sends_once", "line-server/short-io", "partial-send")

    @unittest.skipUnless(sys.platform.startswith("linux"), "short_io preloads a library: Linux only")
    def test_line_client_that_ignores_a_short_send(self):
        self.assertHint("line-client", "line_client_sends_once", "line-client/short-io", "partial-send")

    @unittest.skipUnless(hasattr(socket, "AF_UNIX"), NO_AF_UNIX)
    def test_unix_server_that_leaves_its_socket_file(self):
        self.assertHint("unix-server", "socket_file_left", "unix-server/socket-file-removed", "socket-file-left",
                        command=planted("socket_file_left", address="--path {path}"))

    @unittest.skipUnless(sys.platform.startswith("linux"), "sees a program's sockets through /proc")
    def test_server_that_never_flushes_its_listening_line(self):
        self.assertHint("tcp-server", "unflushed_listening_line", "tcp-server/starts", "listening-line-unflushed")

    @unittest.skipUnless(hasattr(socket, "AF_UNIX"), NO_AF_UNIX)
    def test_unix_server_that_removes_any_file_at_its_path(self):
        self.assertHint("unix-server", "removes_any_file", "unix-server/keeps-other-files", "removes-any-file",
                        command=planted("removes_any_file", address="--path {path}"))

    def test_a_crash_is_named_as_the_cause(self):
        self.assertHint("tcp-server", "crashes_on_a_message", "tcp-server/reply-format", "crashed")

    def test_std_terminate_is_named_as_the_cause(self):
        self.assertHint("tcp-server", "terminates_on_stop", "tcp-server/clean-shutdown", "terminate")

    # --- clients

    def test_client_that_sends_its_whole_buffer(self):
        self.assertHint("tcp-client", "client_sends_whole_buffer", "tcp-client/sends-line", "sends-whole-buffer")

    def test_client_sends_newline(self):
        self.assertHint("tcp-client", "client_sends_newline", "tcp-client/sends-line", "client-sends-newline")

    def test_client_spins_at_end_of_input(self):
        self.assertHint("tcp-client", "client_spins_at_eof", "tcp-client/eof-quits", SPINS_AT_EOF)

    def test_client_spins_after_server_closed(self):
        self.assertHint("tcp-client", "client_spins_when_closed", "tcp-client/server-closed", SPINS_WHEN_CLOSED)

    def test_client_that_prints_a_python_bytes_literal(self):
        self.assertHint("tcp-client", "client_prints_bytes", "tcp-client/prints-reply", "client-prints-bytes")

    def test_client_that_garbles_utf8(self):
        self.assertHint("tcp-client", "client_mojibake", "tcp-client/utf8", "client-mojibake")

    def test_udp_client_that_leaves_out_the_sender(self):
        self.assertHint("udp-client", "udp_client_no_from", "udp-client/prints-reply", "udp-client-no-from")
        self.assertHint("udp-client", "udp_client_no_from", "udp-client/late-reply", "udp-client-no-from")

    def test_client_blocked_reading_a_whole_buffer(self):
        for check_id in ("tcp-client/prints-reply", "tcp-client/eof-quits", "tcp-client/empty-line-quits"):
            self.assertHint("tcp-client", "client_reads_whole_buffer", check_id, "client-blocked-reading")

    def test_a_pair_whose_client_was_found_blocked_reading_earlier(self):
        """A lab's own client, found blocked reading by the client's checks, is told so in
        pair/roundtrip too (which cannot see the wire), after a glance, not the whole wait."""
        subject = Confinement().apply(Subject(
            server=Command(planted("correct_tcp_server"), 0), lines=False,
            client=Command(planted("client_reads_whole_buffer", "--host {host} --port {port}"), 0)))
        results = [runner.run_check(CATALOGUE[check_id], subject, Timing(), 10)[0]
                   for check_id in ("tcp-client/prints-reply", "pair/roundtrip")]
        self.assertEqual([(result.status, result.hint_id) for result in results],
                         [("fail", "client-blocked-reading")] * 2, results)
        self.assertIn("tcp-client/prints-reply found the mistake behind this already: waiting 0.1 s, not 2 s",
                      results[1].transcript)

    def test_client_that_sends_the_empty_line(self):
        self.assertHint("tcp-client", "client_sends_empty_line", "tcp-client/empty-line-quits", "client-keeps-going")

    def test_client_that_skips_the_empty_line(self):
        self.assertHint("tcp-client", "client_skips_empty_line", "tcp-client/empty-line-quits", "client-keeps-going")

    def test_udp_client_without_timeout(self):
        self.assertHint("udp-client", "udp_no_timeout", "udp-client/timeout-retry", "udp-no-timeout")

    def test_udp_client_buffer_too_small(self):
        # Cut, the reply does not end with " :" + the line: the client sends the line again.
        self.assertHint("udp-client", "udp_small_buffer", "udp-client/long-reply", "udp-small-buffer")
        # Or, taking whatever comes, it prints the reply cut.
        self.assertHint("udp-client", "udp_small_buffer_prints_cut", "udp-client/long-reply", "udp-small-buffer")

    def test_udp_client_that_takes_a_late_reply_for_the_next_lines(self):
        self.assertHint("udp-client", "udp_takes_any_reply", "udp-client/late-reply", "udp-stale-reply")


class CorrectProgramsPass(unittest.TestCase):
    """Every check passes programs that are right, whoever wrote them: a check that
    fails a correct program is as bad as one that passes a broken one."""

    def assertAllPass(self, role, program, address="--port {port}"):
        status, checks = check_json(role, cmd=planted(program, address))
        failed = {id: check for id, check in checks.items() if check["status"] != "pass"}
        self.assertEqual(failed, {})
        self.assertEqual(status, 0)

    def test_tcp_server(self):
        self.assertAllPass("tcp-server", "correct_tcp_server")

    def test_tcp_client(self):
        self.assertAllPass("tcp-client", "correct_tcp_client")

    def test_udp_server(self):
        self.assertAllPass("udp-server", "correct_udp_server")

    def test_udp_client(self):
        self.assertAllPass("udp-client", "correct_udp_client")

    def test_line_server(self):
        self.assertAllPass("line-server", "correct_line_server")

    def test_line_client(self):
        self.assertAllPass("line-client", "correct_line_client")

    def test_threaded_server(self):
        self.assertAllPass("threaded-server", "correct_threaded_server")

    def test_a_slow_server_that_never_stalls_is_not_told_it_dropped_replies(self):
        # As under Wine, or on a loaded machine: 8 MiB taken in over 4 s, never pausing 2 s.
        status, checks = check_json("threaded-server", "--only", "tcp-server/pipelined",
                                    cmd=planted("slow_but_correct_server"))
        self.assertEqual(checks["tcp-server/pipelined"]["status"], "pass", checks)
        self.assertEqual(status, 0)

    @unittest.skipUnless(hasattr(socket, "AF_UNIX"), NO_AF_UNIX)
    def test_unix_server(self):
        self.assertAllPass("unix-server", "correct_tcp_server", address="--path {path}")

    def test_pair(self):
        status, checks = check_json("pair", server_cmd=planted("correct_tcp_server"),
                                    client_cmd=planted("correct_tcp_client"))
        self.assertEqual(checks["pair/roundtrip"]["status"], "pass", checks)
        self.assertEqual(status, 0)


if __name__ == "__main__":
    unittest.main()
