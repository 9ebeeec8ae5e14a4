"""`bench`: servers measured side by side by the load client. Runs are small and use the
default build tree; the figures themselves depend on the machine and are not judged,
only what the table says of them."""

import re
import unittest
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from types import SimpleNamespace
from unittest import mock

from harness import bench, tools
from harness.build import Builder
from harness.checks import expect
from harness.command import Command
from harness.context import Context
from harness.labs import find_labs
from harness.plan import lab_subject
from harness.subject import Subject, Timing
from tests.harness.support import HAS_SOLUTIONS, NEEDS_SOLUTIONS, ROOT, planted, run_harness


def bench_arguments(lab, vs=(), connections=2, messages=20, size=64, rounds=1, udp=False):
    return SimpleNamespace(lab=lab, vs=list(vs), connections=connections, messages=messages, size=size,
                           rounds=rounds, udp=udp, impl="solutions", preset="default", cmd=[])


def table_rows(stdout):
    """{server: its cells} of the table bench printed."""
    rows = {}
    for line in stdout.splitlines():
        cells = line.split()
        if cells and re.match(r"\d\d-|cmd\d", cells[0]):
            rows[cells[0] + (" " + cells[1] if cells[1] == "(udp)" else "")] = cells
    return rows


class Bench(unittest.TestCase):
    def harness_bench(self, *args, status):
        result = run_harness("bench", *args, "--preset", "default")
        told = "exit status {}\nstdout:\n{}\nstderr:\n{}".format(result.returncode, result.stdout, result.stderr)
        self.assertEqual(result.returncode, status, told)
        self.assertNotIn("Traceback", result.stdout + result.stderr, told)
        return result

    @unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS)
    def test_a_row_per_server_with_every_reply(self):
        result = self.harness_bench("09", "--vs", "01", "06", "--connections", "3", "--messages", "40", status=0)
        rows = table_rows(result.stdout)
        self.assertEqual(sorted(rows), ["01-tcp-server", "06-threaded-server", "09-asio-async"], result.stdout)
        for cells in rows.values():
            self.assertEqual(cells[1], "120/120", result.stdout)

    def test_any_server_given_as_a_command_and_whose_code_it_measured(self):
        result = self.harness_bench("--cmd", planted("correct_threaded_server"), "--connections", "2",
                                    "--messages", "20", status=0)
        self.assertIn("the command measured as cmd1: " + planted("correct_threaded_server"), result.stdout)
        self.assertEqual(table_rows(result.stdout)["cmd1"][1], "40/40", result.stdout)
        self.assertRegex(result.stdout, r"peak MiB\s+threads")

    def test_nothing_to_bench_is_a_usage_error(self):
        result = self.harness_bench(status=2)
        self.assertIn("bench needs a lab", result.stderr)

    @unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS)
    def test_udp_is_benched_with_udp(self):
        result = self.harness_bench("03", "--vs", "09", "--udp", "--connections", "2", "--messages", "20", status=0)
        self.assertEqual(sorted(table_rows(result.stdout)), ["03-udp-server (udp)", "09-asio-async (udp)"])

    @unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS)
    def test_rounds_give_the_median_round_and_the_spread(self):
        result = self.harness_bench("09", "--vs", "01", "--rounds", "3", "--connections", "2", "--messages", "20",
                                    status=0)
        self.assertEqual(len(re.findall(r"^round \d/3:", result.stdout, re.M)), 3, result.stdout)
        self.assertIn("median of 3 rounds", result.stdout)
        for cells in table_rows(result.stdout).values():
            low, high = (float(figure.replace(",", "")) for figure in cells[-1].split("-"))
            self.assertLessEqual(low, float(cells[3].replace(",", "")), result.stdout)
            self.assertGreaterEqual(high, float(cells[3].replace(",", "")), result.stdout)

    def test_a_lab_without_a_raw_protocol_server_is_refused_in_one_line(self):
        result = self.harness_bench("05", status=2)
        self.assertIn("05-unix-sockets", result.stderr)
        self.assertEqual(result.stderr.count("\n"), 1, result.stderr)

    def test_a_count_out_of_range_is_refused_in_one_line(self):
        for option, value in (("--connections", "0"), ("--messages", "0"), ("--size", "0"), ("--rounds", "0"),
                              ("--size", "1025")):
            with self.subTest(option=option, value=value):
                result = self.harness_bench("09", option, value, status=2)
                self.assertIn(option, result.stderr)
                self.assertEqual(result.stderr.count("\n"), 1, result.stderr)


@unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS + ": its labs/ are the starters")
class Failures(unittest.TestCase):
    """A server that cannot be benched is told as `grade` tells a failed check."""

    def test_a_server_that_does_not_start_is_told_with_its_stderr_and_a_hint(self):
        result = run_harness("bench", "09", "--impl", "labs", "--preset", "default", "--messages", "10")
        self.assertEqual(result.returncode, 1, result.stderr)
        self.assertIn("FAIL bench 09-asio-async", result.stderr)
        self.assertIn("TODO 1 is not done yet", result.stderr)
        self.assertIn("hint: ", result.stderr)
        self.assertNotIn("Traceback", result.stdout + result.stderr)

    def test_a_wrong_reply_ends_the_bench_with_the_reply_shown(self):
        # The seed's own mistake: the reply shows the bytes object, b'...'.
        def subject_of_planted_server(builder, impl, lab):
            return Subject(server=Command(planted("python_bytes")))

        errors = StringIO()
        with mock.patch("harness.bench.lab_subject", subject_of_planted_server), redirect_stdout(StringIO()), \
                redirect_stderr(errors):
            status = bench.run_bench(bench_arguments("01", messages=3), ROOT)
        self.assertEqual(status, 1, errors.getvalue())
        self.assertIn("FAIL bench 01-tcp-server", errors.getvalue())
        self.assertIn("b'client", errors.getvalue())
        self.assertIn("hint: ", errors.getvalue())
        # The load client gave up at the wrong replies, not at its 60 s limit: a flow that
        # fails closes its connection, so this iterative server could take the next one.
        seconds = float(re.search(r"right replies of \d+ in ([\d.]+) s", errors.getvalue()).group(1))
        self.assertLess(seconds, 30, errors.getvalue())


@unittest.skipUnless(HAS_SOLUTIONS, NEEDS_SOLUTIONS)
class MessageSize(unittest.TestCase):
    def test_the_load_client_sends_messages_of_the_size_asked_for(self):
        # The server's reply quotes the message: 10 right replies of 29 + 300 bytes mean
        # 300-byte messages went out.
        builder = Builder(ROOT, "default")
        lab = find_labs(["09"])[0]
        self.assertTrue(builder.build_lab("solutions", lab).ok and builder.build_target("load_client").ok)
        subject = lab_subject(builder, "solutions", lab)
        subject.load_client = tools.load_client(builder.build_dir)
        ctx = Context(subject, Timing())
        self.addCleanup(ctx.close)
        report = expect.run_load(ctx, ctx.start_server(), 2, 5, size=300)
        self.assertEqual((report["size"], report["replies"], report["wrong"]), (300, 10, 0), report)

    def test_bench_asks_the_load_client_for_the_size_given(self):
        with mock.patch.object(expect, "run_load", autospec=True, side_effect=expect.run_load) as run_load:
            with redirect_stdout(StringIO()):
                self.assertEqual(bench.run_bench(bench_arguments("09", size=300, messages=3), ROOT), 0)
        self.assertEqual([call.kwargs.get("size") for call in run_load.call_args_list], [300])


if __name__ == "__main__":
    unittest.main()
