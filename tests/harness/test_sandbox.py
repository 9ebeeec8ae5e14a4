"""The sandbox (Linux): each check in a network of its own, the programs under resource
limits, each limit told by name when a program reaches it; and --sandbox and --limit as
the command line takes them. Each planted program makes one mistake; the correct twins
pass under the same sandbox (test_planted_bugs and the graded solutions run in it too)."""

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import unittest

from tests.harness.support import PLANTED, ROOT, SEED, TIME_LIMIT, check_json, planted, run_harness

FIXED_PORT = 21999  # a port of the test's own, taken by two programs at once


def _sandboxed():
    """Whether each check gets a network of its own here (--sandbox on is not refused)."""
    if not sys.platform.startswith("linux"):
        return False
    result = run_harness("check", "tcp-server", "--sandbox", "on", "--only", "tcp-server/starts",
                         "--cmd", planted("correct_tcp_server"))
    return result.returncode == 0


def running(text):
    """The pids of the processes whose command line holds `text`."""
    found = []
    for name in os.listdir("/proc"):
        try:
            with open("/proc/{}/cmdline".format(name), "rb") as cmdline:
                if name.isdigit() and text.encode() in cmdline.read():
                    found.append(int(name))
        except OSError:
            pass
    return found


SANDBOXED = sys.platform.startswith("linux") and _sandboxed()
NOT_SANDBOXED = "no network namespaces here (see `--sandbox on`)"


class CommandLine(unittest.TestCase):
    def test_a_bad_limit_is_a_usage_error(self):
        for value in ("memory=lots", "memory=0", "disk=5", "memory"):
            result = run_harness("check", "tcp-server", "--limit", value, "--cmd", planted("correct_tcp_server"))
            self.assertEqual(result.returncode, 2, value)
            self.assertIn("--limit " + value, result.stderr)
            self.assertNotIn("Traceback", result.stderr)

    def test_sandbox_on_is_refused_where_it_cannot_be_had(self):
        # Windows programs under Wine share one Wine server: no network of their own.
        result = run_harness("check", "tcp-server", "--sandbox", "on", "--cmd", "wine64 tcp_server.exe --port {port}")
        self.assertEqual(result.returncode, 2)
        self.assertIn("--sandbox on", result.stderr)
        self.assertIn("Wine", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_sandbox_off_says_nothing_of_it(self):
        result = run_harness("check", "tcp-server", "--sandbox", "off", "--only", "tcp-server/starts",
                             "--cmd", planted("correct_tcp_server"))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertNotIn("isolated", result.stderr)


@unittest.skipUnless(SANDBOXED, NOT_SANDBOXED)
class OwnNamespaces(unittest.TestCase):
    def test_two_servers_on_one_fixed_port_are_graded_at_once(self):
        fixed = planted("correct_tcp_server", address="--port {}".format(FIXED_PORT))
        only = ["--only", "tcp-server/starts", "--only", "tcp-server/reply-format",
                "--only", "tcp-server/sequential-clients"]
        results = [None, None]

        def grade(index):
            results[index] = run_harness("check", "tcp-server", "--port", str(FIXED_PORT), "--cmd", fixed, *only)
        threads = [threading.Thread(target=grade, args=(index,)) for index in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(TIME_LIMIT)
        for result in results:
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_the_seeds_server_is_graded_twice_in_a_row(self):
        # It binds 21567 without SO_REUSEADDR: on a shared network, the first run's
        # connections would hold the port in TIME_WAIT for a minute.
        seed = "{} {}".format(sys.executable, os.path.join(SEED, "tcp_server.py"))
        for _ in range(2):
            _, checks = check_json("tcp-server", "--only", "tcp-server/starts", "--only",
                                   "tcp-server/sequential-clients", cmd=seed)
            self.assertEqual(checks["tcp-server/starts"]["status"], "pass", checks)
            # (its own mistake, the one the seed is known for)
            self.assertEqual(checks["tcp-server/sequential-clients"]["hint_id"], "python-bytes", checks)

    def test_a_client_that_reaches_beyond_loopback_is_told_why(self):
        _, checks = check_json("tcp-client", "--only", "tcp-client/connects",
                               cmd=planted("connects_beyond_loopback"))
        self.assertEqual(checks["tcp-client/connects"]["hint_id"], "loopback-only", checks)

    def test_a_program_cannot_signal_its_grader(self):
        result = run_harness("check", "tcp-server", "--only", "tcp-server/starts", "--only", "tcp-server/reply-format",
                             "--cmd", planted("signals_its_grader"))
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotIn("interrupted", result.stderr)

    def test_a_program_writes_nowhere_but_the_temporary_folders(self):
        for program, log in (("writes_into_the_project", os.path.join(PLANTED, "messages.log")),
                             ("writes_into_home", os.path.expanduser("~/.labs-sandbox-test.log"))):
            self.addCleanup(lambda log=log: os.path.exists(log) and os.remove(log))
            _, checks = check_json("tcp-server", "--only", "tcp-server/reply-format", cmd=planted(program))
            self.assertEqual(checks["tcp-server/reply-format"]["hint_id"], "read-only-files", checks)
            self.assertFalse(os.path.exists(log), log)

    def test_localhost_is_both_loopback_addresses_whatever_the_machine_says(self):
        import socket
        from harness import namespaces

        def localhost():
            return [address[0] for *_, address in socket.getaddrinfo("localhost", 80, 0, socket.SOCK_STREAM)]
        self.assertEqual(sorted(namespaces.in_a_sandbox(localhost)), ["127.0.0.1", "::1"])


@unittest.skipUnless(SANDBOXED, NOT_SANDBOXED)
class Limits(unittest.TestCase):
    def stopped(self, program, hint_id, told, *limits):
        """Grades `program` (a server that misbehaves on its first message): the check
        fails with the limit named, and the next check still runs."""
        options = []
        for limit in limits:
            options += ["--limit", limit]
        _, checks = check_json("tcp-server", "--only", "tcp-server/reply-format", "--only",
                               "tcp-server/payload-verbatim", *options, cmd=planted(program))
        failed = checks["tcp-server/reply-format"]
        self.assertEqual(failed["hint_id"], hint_id, failed)
        self.assertIn("the sandbox stopped it: " + told, "\n".join(failed["transcript"]))
        self.assertEqual(checks["tcp-server/payload-verbatim"]["hint_id"], hint_id)  # it ran, and met the same

    def test_a_program_that_takes_2_gib_is_stopped_at_the_memory_limit(self):
        self.stopped("hoards_memory", "memory-limit", "it reached the memory limit of 1024 MiB")

    def test_a_program_that_spins_is_stopped_at_the_cpu_limit(self):
        self.stopped("spins_on_a_message", "cpu-limit", "it reached the limit of 1 s of CPU time", "cpu=1")

    def test_a_program_that_writes_a_huge_file_is_stopped_at_the_file_size_limit(self):
        self.stopped("writes_a_huge_log", "file-size-limit", "it reached the file size limit of 1 MiB", "file=1")


def _open_copy(names):
    """A folder open to every user, with copies of the planted programs `names`."""
    folder = tempfile.mkdtemp()
    os.chmod(folder, 0o755)
    for name in names:
        shutil.copy(os.path.join(PLANTED, name), folder)
        os.chmod(os.path.join(folder, name), 0o644)
    return folder


SYSTEM_PYTHON = "/usr/bin/python3"  # (one every user may run; a pyenv's under /root is not)
AS_ROOT = SANDBOXED and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("setpriv")


@unittest.skipUnless(AS_ROOT and os.access(SYSTEM_PYTHON, os.X_OK), "needs root, and a system Python")
class RootsProgramsRunAsNobody(unittest.TestCase):
    def grade(self, folder):
        command = "{} {} --port {{port}}".format(SYSTEM_PYTHON, os.path.join(folder, "refuses_root.py"))
        _, checks = check_json("tcp-server", "--only", "tcp-server/starts", "--cwd", folder, cmd=command)
        return checks["tcp-server/starts"]

    def test_where_nobody_can_reach_the_program_it_runs_as_nobody(self):
        folder = _open_copy(["common.py", "refuses_root.py"])
        self.addCleanup(shutil.rmtree, folder, True)
        self.assertEqual(self.grade(folder)["status"], "pass")

    def test_elsewhere_as_root_with_no_capabilities(self):
        folder = _open_copy(["common.py", "refuses_root.py"])
        self.addCleanup(shutil.rmtree, folder, True)
        os.chmod(folder, 0o700)
        self.assertIn("running as root", "\n".join(self.grade(folder)["transcript"]))


@unittest.skipUnless(AS_ROOT, "needs root, to try the harness as another user")
class AsAnotherUser(unittest.TestCase):
    """A harness run by an ordinary user starts itself again in a user namespace: each check
    still has a network of its own, and the processes limit holds (RLIMIT_NPROC counts
    the namespace's own processes; root is exempt from it, so only this shows it)."""

    @classmethod
    def setUpClass(cls):
        python = "/usr/bin/python3"
        if not os.access(python, os.X_OK) or subprocess.run(
                [python, "-c", "import sys; sys.exit(sys.version_info < (3, 9))"]).returncode:
            raise unittest.SkipTest("no system Python 3.9+ that another user may run")
        cls.python = python
        cls.folder = tempfile.mkdtemp()
        os.chmod(cls.folder, 0o755)
        shutil.copytree(os.path.join(ROOT, "harness"), os.path.join(cls.folder, "harness"),
                        ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(PLANTED, os.path.join(cls.folder, "planted"), ignore=shutil.ignore_patterns("__pycache__"))
        for folder, _, names in os.walk(cls.folder):
            os.chmod(folder, 0o755)
            for name in names:
                os.chmod(os.path.join(folder, name), 0o644)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def harness(self, *args):
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "-i",
                   "PATH=/usr/bin:/bin", "HOME=/tmp", self.python, "-m", "harness"] + list(args)
        return subprocess.run(command, cwd=self.folder, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=TIME_LIMIT)

    def program(self, name, address="--port {port}"):
        return "{} planted/{}.py {}".format(self.python, name, address)

    def test_fixed_ports_and_the_processes_limit(self):
        fixed = self.program("correct_tcp_server", address="--port {}".format(FIXED_PORT))
        only = ["--only", "tcp-server/starts", "--only", "tcp-server/reply-format"]
        for _ in range(2):  # in a row: no TIME_WAIT between the two
            result = self.harness("check", "tcp-server", "--port", str(FIXED_PORT), "--cmd", fixed, *only)
            self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
            self.assertNotIn("isolated", result.stderr)
        result = self.harness("check", "tcp-server", "--only", "tcp-server/reply-format", "--cmd",
                              self.program("forks_per_message"))
        self.assertEqual(result.returncode, 1, result.stdout + result.stderr)
        self.assertIn("the sandbox stopped it: it reached the limit of 256 processes and threads", result.stdout)
        self.assertNotIn("Traceback (most recent call last):\n  File \"/", result.stderr)
        self.assertEqual(running("planted/forks_per_message"), [], "processes left behind")


if __name__ == "__main__":
    unittest.main()
