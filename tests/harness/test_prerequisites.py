"""What the README's commands do on a fresh machine, with the machine stood in for: on
Debian or Ubuntu they install what is missing with apt-get (as root, or with sudo when it
needs no password); without those rights, or elsewhere, they print the exact command."""

import unittest
from unittest import mock

from harness import prerequisites


class FreshMachine(unittest.TestCase):
    """A Debian machine on which asio and Ninja are missing, and nothing else."""

    def setUp(self):
        self.installed = False
        missing = {"Ninja", "asio (standalone)"}

        def requirements(task):
            return [(name, (lambda name=name: self.installed or name not in missing), package, "install " + name)
                    for name, _, package, _ in self.real_requirements(task)]
        self.real_requirements = prerequisites._requirements
        for name, value in (("_requirements", requirements), ("_is_debian_like", lambda: True)):
            patcher = mock.patch.object(prerequisites, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)
        self.commands = []

    def run_command(self, command, **options):
        self.commands.append(command)
        if command[-2:] == ["install", "-qq"] or "install" in command:
            self.installed = True
        return mock.Mock(returncode=0, stdout="")

    def test_as_root_it_installs_the_missing_packages(self):
        with mock.patch("os.geteuid", return_value=0, create=True), \
                mock.patch("subprocess.run", side_effect=self.run_command):
            prerequisites.ensure("grade", say=lambda text: None)
        self.assertEqual(self.commands[0], ["apt-get", "update", "-qq"])
        self.assertEqual(self.commands[1], ["apt-get", "install", "-y", "--no-install-recommends",
                                            "ninja-build", "libasio-dev", "-qq"])

    def test_with_sudo_without_a_password_it_uses_sudo(self):
        def run(command, **options):
            if command == ["sudo", "-n", "true"]:
                return mock.Mock(returncode=0)
            return self.run_command(command, **options)
        with mock.patch("os.geteuid", return_value=1000, create=True), \
                mock.patch("shutil.which", return_value="/usr/bin/sudo"), \
                mock.patch("subprocess.run", side_effect=run):
            prerequisites.ensure("grade", say=lambda text: None)
        self.assertTrue(all(command[:2] == ["sudo", "-n"] for command in self.commands))

    def test_without_the_rights_it_prints_the_exact_command_and_stops(self):
        with mock.patch("os.geteuid", return_value=1000, create=True), \
                mock.patch("shutil.which", return_value=None), \
                mock.patch("subprocess.run") as run:
            with self.assertRaises(prerequisites.Missing) as raised:
                prerequisites.ensure("grade", say=lambda text: None)
        run.assert_not_called()
        self.assertIn("sudo apt-get install -y --no-install-recommends ninja-build libasio-dev", str(raised.exception))

    def test_the_test_suite_needs_googletest_too(self):
        names = [need[0] for need in self.real_requirements("test")]
        self.assertIn("GoogleTest", names)
        self.assertNotIn("GoogleTest", [need[0] for need in self.real_requirements("grade")])


class ElsewhereThanDebian(unittest.TestCase):
    def test_it_says_what_to_install(self):
        missing = [("asio (standalone)", lambda: False, "libasio-dev", "asio: `brew install asio`")]
        with mock.patch.object(prerequisites, "_requirements", return_value=missing), \
                mock.patch.object(prerequisites, "_is_debian_like", return_value=False):
            with self.assertRaises(prerequisites.Missing) as raised:
                prerequisites.ensure("grade")
        self.assertIn("brew install asio", str(raised.exception))


if __name__ == "__main__":
    unittest.main()
