"""The check catalogue and the labs: points add up to 100, ids are stable and well formed,
and harness/labs.py, cmake/Labs.cmake and the folders on disk tell the same story."""

import json
import os
import re
import unittest
from unittest import mock

from harness import labs
from harness.checks import CATALOGUE
from tests.harness.support import HAS_SOLUTIONS, ROOT, run_harness

CHECK_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$")

# SPEC section 4: "ids are stable; more may be added". The ids of the roles graded now.
SPEC_IDS = {
    "tcp-server": ["starts", "reply-format", "timestamp", "payload-verbatim", "multiple-messages",
                   "sequential-clients", "max-message", "client-abort", "clean-shutdown", "concurrent-clients"],
    "tcp-client": ["connects", "sends-line", "prints-reply", "utf8", "empty-line-quits", "eof-quits",
                   "server-closed", "connection-refused"],
    "udp-server": ["starts", "reply-format", "timestamp", "payload-verbatim", "multiple-clients", "max-datagram",
                   "empty-datagram", "clean-shutdown"],
    "udp-client": ["prints-reply", "long-reply", "timeout-retry", "no-server", "empty-line-quits"],
    "pair": ["roundtrip"],
    "unix-server": ["socket-file-removed"],
    "line-server": ["trickle", "coalesced", "split-line", "long-line"],
}
BASE_ROLES = ("tcp-server", "tcp-client", "udp-server", "udp-client", "pair")


def parse_socket_labs(text):
    """[(folder, [program, ...])] from the socket_lab(FOLDER [ASIO] PROGRAMS p1 p2 ...) calls."""
    found = []
    for match in re.finditer(r"^[ \t]*socket_lab\(([^)]*)\)", text, re.MULTILINE):
        words = match.group(1).split()
        programs = []
        if "PROGRAMS" in words:
            for word in words[words.index("PROGRAMS") + 1:]:
                if word.isupper():  # the next keyword (ASIO, ...)
                    break
                programs.append(word)
        found.append((words[0], programs))
    return found


def cmake_labs():
    with open(os.path.join(ROOT, "cmake", "Labs.cmake"), encoding="utf-8") as source:
        return parse_socket_labs(source.read())


# A student's repository has no solutions/ (python3 -m harness export student).
IMPLS = ("labs", "solutions") if HAS_SOLUTIONS else ("labs",)


class Points(unittest.TestCase):
    def test_every_lab_totals_100(self):
        for lab in labs.LABS:
            with self.subTest(lab=lab.folder):
                points = labs.points(lab.check_ids())
                self.assertEqual(sum(points.values()), 100)
                self.assertEqual(list(points), lab.check_ids())

    def test_every_role_totals_100(self):
        for role, ids in labs.ROLES.items():
            with self.subTest(role=role):
                self.assertEqual(sum(labs.points(ids).values()), 100)

    def test_every_check_is_worth_something(self):
        for lab in labs.LABS:
            self.assertEqual([id for id, points in labs.points(lab.check_ids()).items() if points <= 0], [], lab)
        for role, ids in labs.ROLES.items():
            self.assertEqual([id for id, points in labs.points(ids).items() if points <= 0], [], role)

    def test_points_follow_the_weights(self):
        for role, ids in labs.ROLES.items():
            points = labs.points(ids)
            for heavier in ids:
                for lighter in ids:
                    if labs.weight(heavier) > labs.weight(lighter):
                        self.assertGreaterEqual(points[heavier], points[lighter], (role, heavier, lighter))

    def test_points_of_any_weights_total_100(self):
        # Rounding must never lose or add a point, whatever the weights.
        for weights in ([1, 1, 1], [3] * 7, [7, 11, 13], [1] * 99 + [2], [50, 1, 1, 1], [1] * 101, [10]):
            ids = ["test/check-{}".format(n) for n in range(len(weights))]
            with self.subTest(weights=weights), \
                    mock.patch.object(labs, "weight", dict(zip(ids, weights)).__getitem__):
                points = labs.points(ids)
                self.assertEqual(sum(points.values()), 100)
                self.assertLessEqual(max(points.values()) - min(points.values()),
                                     100 * (max(weights) - min(weights)) / sum(weights) + 1)


class Ids(unittest.TestCase):
    def test_catalogue_ids_have_the_form_role_slash_name(self):
        for id, check in CATALOGUE.items():
            with self.subTest(id=id):
                self.assertRegex(id, CHECK_ID)
                self.assertEqual(check.id, id)
                self.assertGreater(check.weight, 0)
                self.assertTrue(check.proves.strip())

    def test_every_check_is_graded_somewhere(self):
        # A check no lab and no role runs is dead code, or a lab that labs.py forgot.
        graded = set()
        for lab in labs.LABS:
            graded.update(lab.check_ids())
        for ids in labs.ROLES.values():
            graded.update(ids)
        self.assertEqual(sorted(set(CATALOGUE) - graded), [])

    def test_ids_are_unique_in_every_lab_and_role(self):
        for lab in labs.LABS:
            self.assertEqual(len(lab.check_ids()), len(set(lab.check_ids())), lab.folder)
            self.assertEqual(lab.check_ids()[0], labs.BUILDS)
            for id in lab.check_ids()[1:]:
                self.assertRegex(id, CHECK_ID)
                self.assertIn(id, CATALOGUE)
        for role, ids in labs.ROLES.items():
            self.assertEqual(len(ids), len(set(ids)), role)
            self.assertTrue(ids, role)
            for id in ids:  # a role may reuse another's checks (threaded-server runs tcp-server's)
                self.assertIn(id, CATALOGUE, role)

    def test_the_ids_of_the_spec_exist(self):
        for role in BASE_ROLES:
            self.assertIn(role, labs.ROLES)
        for role, names in SPEC_IDS.items():
            if role not in labs.ROLES:
                continue  # a lab still to come
            for name in names:
                self.assertIn("{}/{}".format(role, name), CATALOGUE)

    def test_roles_and_their_programs(self):
        self.assertEqual(set(labs.ROLES), set(labs.ROLE_PROGRAMS))
        for lab in labs.LABS:
            for role in lab.roles:
                self.assertIn(role, labs.ROLES)
                for needed in labs.ROLE_PROGRAMS[role]:
                    self.assertTrue(getattr(lab, needed), "{} is graded as {} but has no {}".format(
                        lab.folder, role, needed))


class ListJson(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        result = run_harness("--list", "--list-format", "json")
        if result.returncode != 0:
            raise AssertionError("--list failed ({}):\n{}".format(result.returncode, result.stderr))
        cls.document = json.loads(result.stdout)

    def test_every_lab_is_listed_with_checks_totalling_100(self):
        listed = self.document["labs"]
        self.assertEqual([lab["folder"] for lab in listed], [lab.folder for lab in labs.LABS])
        for lab in listed:
            with self.subTest(lab=lab["folder"]):
                self.assertEqual(sum(check["points"] for check in lab["checks"]), 100)
                ids = [check["id"] for check in lab["checks"]]
                self.assertEqual(len(ids), len(set(ids)))
                self.assertEqual(ids[0], "builds")
                for check in lab["checks"]:
                    self.assertIsInstance(check["points"], int)
                    self.assertTrue(check["proves"])
                    if check["id"] != "builds":
                        self.assertRegex(check["id"], CHECK_ID)

    def test_every_role_is_listed_with_checks_totalling_100(self):
        roles = self.document["roles"]
        self.assertEqual(set(roles), set(labs.ROLES))
        for role, checks in roles.items():
            with self.subTest(role=role):
                self.assertEqual(sum(check["points"] for check in checks), 100)
                self.assertEqual([check["id"] for check in checks], labs.ROLES[role])

    def test_list_text_shows_every_lab(self):
        result = run_harness("--list")
        self.assertEqual(result.returncode, 0, result.stderr)
        for lab in labs.LABS:
            self.assertIn(lab.folder, result.stdout)
        for id in CATALOGUE:
            if any(id in lab.check_ids() for lab in labs.LABS):
                self.assertIn(id, result.stdout)


class LabsAgree(unittest.TestCase):
    def test_labs_py_agrees_with_labs_cmake(self):
        from_cmake = cmake_labs()
        self.assertTrue(from_cmake, "no socket_lab(...) line found in cmake/Labs.cmake")
        self.assertEqual(from_cmake, [(lab.folder, list(lab.programs)) for lab in labs.LABS])

    def test_lab_numbers_and_folders(self):
        numbers = [lab.number for lab in labs.LABS]
        self.assertEqual(len(numbers), len(set(numbers)))
        self.assertEqual(numbers, sorted(numbers))
        for lab in labs.LABS:
            self.assertRegex(lab.number, r"^\d\d$")
            self.assertRegex(lab.folder, r"^\d\d-[a-z0-9]+(-[a-z0-9]+)*$")
            self.assertTrue(lab.folder.startswith(lab.number + "-"))
            self.assertTrue(lab.programs, lab.folder)

    def test_every_lab_has_its_folders_and_sources(self):
        for lab in labs.LABS:
            for impl in IMPLS:
                folder = os.path.join(ROOT, impl, lab.folder)
                with self.subTest(folder=folder):
                    self.assertTrue(os.path.isdir(folder))
                    for program in lab.programs:
                        self.assertTrue(os.path.isfile(os.path.join(folder, program + ".cpp")),
                                        "{}/{}/{}.cpp is missing".format(impl, lab.folder, program))

    def test_no_lab_folder_is_left_out(self):
        known = {lab.folder for lab in labs.LABS}
        for impl in IMPLS:
            on_disk = {name for name in os.listdir(os.path.join(ROOT, impl))
                       if re.match(r"^\d\d-", name) and os.path.isdir(os.path.join(ROOT, impl, name))}
            self.assertEqual(on_disk - known, set(), "{}/ has labs that harness/labs.py does not list".format(impl))

    def test_find_labs(self):
        first = labs.LABS[0]
        for name in (first.number, first.folder, first.number.lstrip("0"), "lab" + first.number):
            self.assertEqual(labs.find_labs([name]), [first], name)
        self.assertEqual(labs.find_labs([]), labs.LABS)
        self.assertEqual(labs.find_labs([first.number, first.folder]), [first])
        with self.assertRaises(labs.UnknownLab) as raised:
            labs.find_labs(["99"])
        for lab in labs.LABS:
            self.assertIn(lab.folder, str(raised.exception))


class CmakeParser(unittest.TestCase):
    """The parser the test above uses reads what it must."""

    def test_parses_folders_programs_and_flags(self):
        text = ("# socket_lab(00-not-a-lab PROGRAMS nothing)\n"
                "function(socket_lab folder)\nendfunction()\n"
                "socket_lab(01-tcp-server PROGRAMS tcp_server)\n"
                "socket_lab(08-asio-sync ASIO PROGRAMS asio_tcp_server asio_tcp_client)\n"
                "  socket_lab(09-asio-async PROGRAMS asio_async_server ASIO)\n"
                "socket_lab(07-framing\n  PROGRAMS line_server\n  line_client)\n")
        self.assertEqual(parse_socket_labs(text), [
            ("01-tcp-server", ["tcp_server"]),
            ("08-asio-sync", ["asio_tcp_server", "asio_tcp_client"]),
            ("09-asio-async", ["asio_async_server"]),
            ("07-framing", ["line_server", "line_client"]),
        ])


if __name__ == "__main__":
    unittest.main()
