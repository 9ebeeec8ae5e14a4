"""The runner's order of checks in a job: a lab of both programs runs the server's checks
and the client's side by side, yet reports them in the catalogue's order; a check of both
programs waits for those before it; what a lane raises reaches the job."""

import threading
import unittest

from harness import runner
from harness.command import Command
from harness.process import Interrupted
from harness.subject import Subject

SERVER_CHECKS = ["tcp-server/starts", "tcp-server/reply-format"]
CLIENT_CHECKS = ["tcp-client/connects", "tcp-client/sends-line"]
BOTH = "pair/roundtrip"
WAIT = 5.0  # bounds every wait below: a failing test never hangs


class Lanes(unittest.TestCase):
    def test_the_server_and_the_client_run_at_once_and_are_told_in_order(self):
        client_began = threading.Event()
        started, finished = [], []

        def run_one(check_id):
            started.append(check_id)
            if check_id == CLIENT_CHECKS[0]:
                client_began.set()
            if check_id == SERVER_CHECKS[0]:  # done only once the client's first check has begun
                self.assertTrue(client_began.wait(WAIT), "the client's checks did not run beside the server's")
            if check_id == BOTH:
                self.assertEqual(set(finished), set(SERVER_CHECKS + CLIENT_CHECKS))
            finished.append(check_id)
            return "result of " + check_id

        order = SERVER_CHECKS + CLIENT_CHECKS + [BOTH]
        told = list(runner._in_lanes(order, run_one, side_by_side=True))
        self.assertEqual(told, [(check_id, "result of " + check_id) for check_id in order])
        self.assertLess(started.index(CLIENT_CHECKS[0]), started.index(SERVER_CHECKS[1]))

    def test_a_server_of_tcp_and_udp_is_graded_over_each_at_once(self):
        udp_began = threading.Event()

        def run_one(check_id):
            if check_id == "udp-server/starts":
                udp_began.set()
            if check_id == "tcp-server/starts":
                self.assertTrue(udp_began.wait(WAIT), "the UDP checks did not run beside the TCP ones")
            return check_id
        order = ["tcp-server/starts", "tcp-server/timestamp", "udp-server/starts", "udp-server/timestamp"]
        self.assertEqual([check_id for check_id, _ in runner._in_lanes(order, run_one, True)], order)

    def test_a_check_that_waits_on_the_clock_runs_beside_its_programs_others(self):
        waiting = threading.Event()

        def run_one(check_id):
            if check_id == "tcp-server/timestamp":  # (it waits into the next second)
                waiting.set()
            if check_id == "tcp-server/reply-format":
                self.assertTrue(waiting.wait(WAIT), "the timestamp check did not run beside the others")
            return check_id
        order = ["tcp-server/starts", "tcp-server/reply-format", "tcp-server/timestamp"]
        self.assertEqual([check_id for check_id, _ in runner._in_lanes(order, run_one, True)], order)

    def test_one_after_another_unless_side_by_side(self):
        started = []
        order = SERVER_CHECKS + CLIENT_CHECKS + [BOTH] + SERVER_CHECKS[:1]
        told = list(runner._in_lanes(order, lambda check_id: started.append(check_id) or check_id, False))
        self.assertEqual(started, order)
        self.assertEqual([result for _, result in told], order)

    def test_what_a_lane_raises_reaches_the_job(self):
        for raised in (Interrupted(), ValueError("a bug in a check")):
            with self.subTest(raised=type(raised).__name__):
                def run_one(check_id):
                    if check_id == CLIENT_CHECKS[1]:
                        raise raised
                    return check_id
                with self.assertRaises(type(raised)):
                    list(runner._in_lanes(SERVER_CHECKS + CLIENT_CHECKS, run_one, side_by_side=True))

    def test_side_by_side_only_where_programs_cannot_meet_on_a_port(self):
        on_port = Command("server --port {port}"), Command("client --host {host} --port {port}")
        fixed = Command("python3 tsTserv.py"), on_port[1]
        cases = [(on_port, False, False, True), (fixed, True, False, True), (fixed, False, False, False),
                 (on_port, True, True, False)]  # (commands, sandboxed, under Wine, side by side)
        for (server, client), sandboxed, under_wine, expected in cases:
            with self.subTest(server=server, sandboxed=sandboxed, under_wine=under_wine):
                subject = Subject(server=server, client=client, sandboxed=sandboxed, under_wine=under_wine)
                self.assertIs(runner._may_run_side_by_side(subject), expected)


if __name__ == "__main__":
    unittest.main()
