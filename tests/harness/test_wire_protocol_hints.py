"""What a failure says: bytes shown so a person can read them (wire.show), the protocol's
reply layout and timestamp (protocol), and the likely mistake behind a wrong reply
(protocol.diagnose_reply); and every hint id a check can give has a text."""

import ast
import glob
import os
import time
import unittest

from harness import hints, protocol, wire
from tests.harness.support import ROOT

HARNESS = os.path.join(ROOT, "harness")


class Addresses(unittest.TestCase):
    def test_an_ipv6_address_is_written_in_brackets(self):
        self.assertEqual(wire.address_text(("127.0.0.1", 21567)), "127.0.0.1:21567")
        self.assertEqual(wire.address_text(("::1", 21567, 0, 0)), "[::1]:21567")
        self.assertEqual(wire.address_text("/tmp/lab.sock"), "/tmp/lab.sock")


class Show(unittest.TestCase):
    def test_line_ends_nul_and_tab_are_escaped(self):
        self.assertEqual(wire.show(b"a\r\nb"), '"a\\r\\nb"')
        self.assertEqual(wire.show(b"a\0b"), '"a\\0b"')
        self.assertEqual(wire.show(b"a\tb"), '"a\\tb"')

    def test_bytes_that_are_not_utf8_are_escaped(self):
        self.assertEqual(wire.show(b"\xff"), '"\\xff"')
        self.assertEqual(wire.show(b"ok \xff\xfe\x80"), '"ok \\xff\\xfe\\x80"')
        self.assertEqual(wire.show("中".encode("utf-8")[:2]), '"\\xe4\\xb8"')  # half a character

    def test_other_control_characters_are_escaped(self):
        self.assertEqual(wire.show(b"\x01\x1b\x7f"), '"\\x01\\x1b\\x7f"')

    def test_utf8_is_shown_as_it_is(self):
        self.assertEqual(wire.show("中文".encode("utf-8")), '"中文"')
        self.assertEqual(wire.show("UTF-8: 中文 ñ €".encode("utf-8")), '"UTF-8: 中文 ñ €"')

    def test_quotes_and_backslashes_are_escaped(self):
        self.assertEqual(wire.show(b'say "hi"'), '"say \\"hi\\""')
        self.assertEqual(wire.show(b"a\\b"), '"a\\\\b"')
        self.assertEqual(wire.show(b"b'hello'"), '"b\'hello\'"')

    def test_empty_and_none(self):
        self.assertEqual(wire.show(b""), '""')
        self.assertEqual(wire.show(None), "nothing")

    def test_data_up_to_the_limit_is_shown_whole(self):
        data = b"x" * 160
        self.assertEqual(wire.show(data), '"' + "x" * 160 + '"')

    def test_long_data_is_cut_with_its_length(self):
        data = b"<" + b"a" * 998 + b">"
        shown = wire.show(data)
        self.assertIn("1000 bytes in all", shown)
        self.assertLess(len(shown), 300)
        self.assertTrue(shown.startswith('"<aaa'), shown)
        self.assertTrue(shown.endswith('aaa>"'), shown)

    def test_long_utf8_is_cut_between_characters(self):
        # A cut through the middle of a character would show \\x escapes, as if the
        # program had mangled bytes that it sent back right.
        shown = wire.show("中文".encode("utf-8") * 100)
        self.assertIn("600 bytes in all", shown)
        self.assertNotIn("\\x", shown)

    def test_count(self):
        self.assertEqual(wire.count(b"x"), "1 byte")
        self.assertEqual(wire.count(b""), "0 bytes")
        self.assertEqual(wire.count(b"xy"), "2 bytes")


TS = b"Wed Nov  5 09:03:07 2026"


class SplitReply(unittest.TestCase):
    def test_a_right_reply(self):
        self.assertEqual(protocol.split_reply(b"at " + TS + b" :hello"), (TS, b"hello"))

    def test_the_message_may_be_empty_or_hold_the_separator(self):
        self.assertEqual(protocol.split_reply(b"at " + TS + b" :"), (TS, b""))
        self.assertEqual(protocol.split_reply(b"at " + TS + b" :a :b\n"), (TS, b"a :b\n"))

    def test_reply_to_has_the_layout(self):
        reply = protocol.reply_to("中文".encode("utf-8"))
        parts = protocol.split_reply(reply)
        self.assertIsNotNone(parts)
        self.assertEqual(len(parts[0]), protocol.TIMESTAMP_LENGTH)
        self.assertEqual(parts[1], "中文".encode("utf-8"))
        self.assertEqual(protocol.reply_length(b"hello"), len(protocol.reply_to(b"hello")))

    def test_wrong_layouts(self):
        for reply in (b"", b"hello", b"At " + TS + b" :hello", b"at " + TS + b": hello", b"at " + TS + b":hello",
                      b"at " + TS + b"\n :hello", b"at " + TS[:-1] + b" :hello", b"at  " + TS + b" :hello",
                      b"at " + TS[:-1] + b"\n :hello", b"at " + TS[:10] + b"\r" + TS[11:] + b" :hello"):
            with self.subTest(reply=reply):
                self.assertIsNone(protocol.split_reply(reply))


class TimestampProblem(unittest.TestCase):
    def setUp(self):
        self.now = time.time()

    def problem(self, timestamp, at=None):
        at = self.now if at is None else at
        if isinstance(timestamp, str):
            timestamp = timestamp.encode("ascii")
        return protocol.timestamp_problem(timestamp, at, at)

    def test_the_local_time_now_is_right(self):
        self.assertIsNone(self.problem(time.ctime(self.now)))
        self.assertIsNone(self.problem(protocol.ctime(self.now)))

    def test_a_second_or_so_apart_is_right(self):
        self.assertIsNone(self.problem(time.ctime(self.now - 1)))
        self.assertIsNone(self.problem(time.ctime(self.now + 1)))

    def test_layout_problems(self):
        for timestamp in ("2026-11-05 09:03:07     ", "Wed Nov  5 09:03:07 2026 ",
                          "wed nov  5 09:03:07 2026", "Wed Nov 5 09:03:07 2026 ", "Wed Nov  5 9:03:07 2026 ",
                          "Wednesday Nov 5 09:03:07", "", "Wed Nov  5 09:03:07 26  ", "Wed Nov  5 25:03:07 2026"):
            with self.subTest(timestamp=timestamp):
                self.assertEqual(self.problem(timestamp), "timestamp-layout")
        self.assertEqual(self.problem(b"\xff" * 24), "timestamp-layout")

    def test_a_zero_padded_day(self):
        moment = time.mktime((2026, 11, 5, 9, 3, 7, 0, 0, -1))
        padded = time.strftime("%a %b %d %H:%M:%S %Y", time.localtime(moment))
        self.assertIn(" Nov 05 ", padded)
        self.assertEqual(self.problem(padded, moment), "zero-padded-day")
        self.assertIsNone(self.problem(time.ctime(moment), moment))

    def test_a_wrong_time(self):
        self.assertEqual(self.problem(time.ctime(self.now - 3600)), "timestamp-wrong-time")
        self.assertEqual(self.problem(time.ctime(self.now + 600)), "timestamp-wrong-time")
        self.assertEqual(self.problem("Mon Jan  1 12:00:00 2001"), "timestamp-wrong-time")

    def test_any_date_in_the_layout_is_judged_never_a_crash(self):
        # A zeroed struct tm printed with asctime() says "Sun Jan  0 00:00:00 1900"; a year
        # field printed without its 1900 may say 0000. Either is the wrong time, not a harness
        # error (time.mktime raises for such dates: ValueError for year 0, OverflowError for
        # any date before 1970 on Windows).
        for timestamp in ("Sun Jan  0 00:00:00 1900", "Mon Jan  1 00:00:00 0000", "Thu Jan  1 00:00:00 1970",
                          "Mon Jan  1 00:00:00 0001", "Fri Dec 31 23:59:59 9999", "Mon Feb 31 00:00:00 2026"):
            with self.subTest(timestamp=timestamp):
                self.assertEqual(self.problem(timestamp), "timestamp-wrong-time")

    def test_a_wrong_weekday(self):
        right = time.ctime(self.now)
        day = protocol.DAYS[(protocol.DAYS.index(right[:3]) + 1) % 7]
        self.assertEqual(self.problem(day + right[3:]), "timestamp-weekday")

    @unittest.skipUnless(hasattr(time, "tzset"), "needs time.tzset (POSIX)")
    def test_utc_instead_of_local_time(self):
        self.set_time_zone("CST-8")  # UTC+8: China, with no summer time
        self.assertNotEqual(time.ctime(self.now), time.asctime(time.gmtime(self.now)))
        self.assertIsNone(self.problem(time.ctime(self.now)))
        self.assertEqual(self.problem(time.asctime(time.gmtime(self.now))), "timestamp-utc")
        self.assertEqual(self.problem(time.ctime(self.now - 3600)), "timestamp-wrong-time")

    @unittest.skipUnless(hasattr(time, "tzset"), "needs time.tzset (POSIX)")
    def test_utc_instead_of_local_time_west_of_greenwich(self):
        self.set_time_zone("EST+5")
        self.assertEqual(self.problem(time.asctime(time.gmtime(self.now))), "timestamp-utc")
        self.assertIsNone(self.problem(time.ctime(self.now)))

    def set_time_zone(self, zone):
        saved = os.environ.get("TZ")

        def restore():
            if saved is None:
                os.environ.pop("TZ", None)
            else:
                os.environ["TZ"] = saved
            time.tzset()
        self.addCleanup(restore)
        os.environ["TZ"] = zone
        time.tzset()


def reply(message, timestamp=None):
    return b"at " + (timestamp or protocol.ctime().encode("ascii")) + b" :" + message


class DiagnoseReply(unittest.TestCase):
    def test_a_right_reply_has_no_hint(self):
        for message in (b"hello", b"", "中文".encode("utf-8"), b"a\0b", b"\xff\xfe", b"b'x'", b"line\n", b" :"):
            with self.subTest(message=message):
                self.assertIsNone(protocol.diagnose_reply(reply(message), message))

    def test_the_timestamp_is_not_its_business(self):
        self.assertIsNone(protocol.diagnose_reply(reply(b"hi", b"Thu Jan  1 00:00:00 1970"), b"hi"))

    def assertHint(self, hint_id, got, message):
        self.assertIn(hint_id, hints.HINTS)
        self.assertEqual(protocol.diagnose_reply(got, message), hint_id, got)

    def test_python_bytes(self):
        self.assertHint("python-bytes", reply(b"b'hello'"), b"hello")
        self.assertHint("python-bytes", reply(b'b"it\'s"'), b"it's")
        self.assertHint("python-bytes", reply(b"b'\\xe4\\xb8\\xad'"), "中".encode("utf-8"))

    def test_the_books_layout(self):
        stamp = protocol.ctime().encode()
        self.assertHint("book-layout", b"[" + stamp + b"] hello", b"hello")
        self.assertHint("book-layout-bytes", b"[" + stamp + b"] b'hello'", b"hello")
        self.assertHint("python-bytes", b"at " + stamp + b" :b'[x] y'", b"[x] y")

    def test_ctime_newline(self):
        self.assertHint("ctime-newline", b"at " + protocol.ctime().encode() + b"\n :hello", b"hello")

    def test_added_newline(self):
        self.assertHint("added-newline", reply(b"hello\n"), b"hello")
        self.assertHint("added-newline", reply(b"hello\r\n"), b"hello")

    def test_cut_at_nul(self):
        self.assertHint("cut-at-nul", reply(b"a NUL"), b"a NUL\0in the middle")

    def test_the_rest_of_an_earlier_longer_message_in_the_buffer(self):
        earlier = [b"two  spaces and a trailing one "]
        self.assertEqual(protocol.diagnose_reply(reply(b"short" + earlier[0][5:]), b"short", earlier), "stale-buffer")
        self.assertEqual(protocol.diagnose_reply(reply(b"short, changed"), b"short", earlier), "message-changed")
        self.assertIsNone(protocol.diagnose_reply(reply(b"short"), b"short", earlier))

    def test_a_reply_sent_before_the_message_was_received(self):
        self.assertEqual(protocol.diagnose_reply(reply(b"") + reply(b"hello"), b"hello"), "reply-before-receive")
        self.assertEqual(protocol.diagnose_reply(reply(b"one") + reply(b"two"), b"two", [b"one"]),
                         "reply-before-receive")
        self.assertNotEqual(protocol.diagnose_reply(reply(b"x") + reply(b"two"), b"two", [b"one"]),
                            "reply-before-receive")

    def test_small_buffer(self):
        message = bytes(ord("a") + i % 26 for i in range(protocol.MAX_UNFRAMED_MESSAGE))
        self.assertHint("small-buffer", reply(message[:512]), message)
        self.assertHint("small-buffer", reply(message[:512]) + reply(message[512:]), message)

    def test_echo_only(self):
        self.assertHint("echo-only", b"hello", b"hello")
        self.assertHint("reply-layout", b"hello\n", b"hello")  # (not the message alone)

    def test_reply_layout(self):
        self.assertHint("reply-layout", b"olleh", b"hello")
        self.assertHint("reply-layout", b"at " + protocol.ctime().encode() + b": hello", b"hello")
        self.assertHint("reply-layout", protocol.ctime().encode() + b" :hello", b"hello")

    def test_message_changed(self):
        self.assertHint("message-changed", reply(b"HELLO"), b"hello")
        self.assertHint("message-changed", reply(b"two spaces"), b"two  spaces")
        self.assertHint("message-changed", reply(b"trailing"), b"trailing ")
        self.assertHint("message-changed", reply("\ufffd".encode("utf-8")), b"\xff")

    def test_no_reply(self):
        self.assertHint("no-reply", b"", b"hello")


# --- every hint id given anywhere has a text

HINT_ARGUMENT = {"fail": 1, "expect": 2, "fail_for_client": 2, "fail_for_program": 2, "CheckFailed": 1}
HINT_KEYWORDS = ("hint_id", "hint_if_gone")  # keyword arguments (and parameters) that carry a hint id
VARIABLES = {"hint_id", "problem", "hint_if_gone"}  # hint ids passed on, set from literals found below


def _called_name(call):
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


def hint_arguments(tree):
    """The expressions passed as hint ids in `tree`, and the literals assigned to hint_id."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _called_name(node) in HINT_ARGUMENT:
            index = HINT_ARGUMENT[_called_name(node)]
            if len(node.args) > index:
                found.append(node.args[index])
            found += [keyword.value for keyword in node.keywords if keyword.arg in HINT_KEYWORDS]
        elif isinstance(node, ast.Call):
            found += [keyword.value for keyword in node.keywords if keyword.arg in HINT_KEYWORDS]
        elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "hint_id" for t in node.targets):
            found.append(node.value)
        elif isinstance(node, ast.FunctionDef):  # a parameter's default: hint_if_gone="server-exited"
            arguments = node.args.args[len(node.args.args) - len(node.args.defaults):]
            found += [default for argument, default in zip(arguments, node.args.defaults)
                      if argument.arg in HINT_KEYWORDS]
    return found


def string_literals(node):
    return [child.value for child in ast.walk(node) if isinstance(child, ast.Constant) and isinstance(child.value, str)]


def returned_literals(path, function):
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return [value for ret in ast.walk(node) if isinstance(ret, ast.Return) and ret.value is not None
                    for value in string_literals(ret.value)]
    raise AssertionError("no function {} in {}".format(function, path))


class HintIds(unittest.TestCase):
    def sources(self):
        paths = sorted(glob.glob(os.path.join(HARNESS, "checks", "*.py"))) + [os.path.join(HARNESS, "context.py")]
        self.assertGreater(len(paths), 3)
        return paths

    def test_every_hint_id_passed_to_a_failure_has_a_text(self):
        used, unknown_variables = {}, set()
        for path in self.sources():
            with open(path, encoding="utf-8") as source:
                tree = ast.parse(source.read(), path)
            functions = {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
            for argument in hint_arguments(tree):
                if isinstance(argument, ast.Name) and argument.id in functions:  # a function that picks one
                    argument = ast.Tuple([ast.Constant(value) for value in returned_literals(path, argument.id)])
                elif isinstance(argument, ast.Name) and argument.id not in VARIABLES:
                    unknown_variables.add("{}: {}".format(os.path.basename(path), argument.id))
                for literal in string_literals(argument):
                    used.setdefault(literal, os.path.relpath(path, ROOT))
        self.assertGreater(len(used), 30, "the hint ids were not found: the test must look elsewhere")
        self.assertEqual({id: path for id, path in used.items() if id not in hints.HINTS}, {})
        self.assertEqual(unknown_variables, set(), "hint ids passed in variables this test does not follow")

    def test_every_hint_id_diagnose_reply_returns_has_a_text(self):
        returned = set(returned_literals(os.path.join(HARNESS, "protocol.py"), "diagnose_reply"))
        self.assertGreaterEqual(len(returned), 8)
        self.assertEqual(returned - set(hints.HINTS), set())

    def test_every_problem_timestamp_problem_returns_has_a_text(self):
        returned = set(returned_literals(os.path.join(HARNESS, "protocol.py"), "timestamp_problem"))
        self.assertEqual(returned, {"zero-padded-day", "timestamp-layout", "timestamp-weekday", "timestamp-utc",
                                    "timestamp-wrong-time"})
        self.assertEqual(returned - set(hints.HINTS), set())

    def test_every_hint_is_given_somewhere(self):
        texts = []
        for path in glob.glob(os.path.join(HARNESS, "**", "*.py"), recursive=True):
            with open(path, encoding="utf-8") as source:
                text = source.read()
            if os.path.basename(path) == "hints.py":
                continue  # (the table itself)
            texts.append(text)
        everything = "\n".join(texts)
        self.assertEqual([id for id in hints.HINTS if '"{}"'.format(id) not in everything], [])

    def test_hint_texts_are_one_paragraph_each(self):
        for id, text in hints.HINTS.items():
            with self.subTest(id=id):
                self.assertRegex(id, r"^[a-z0-9]+(-[a-z0-9]+)*$")
                self.assertTrue(text.strip())
                self.assertNotIn("\n", text)


if __name__ == "__main__":
    unittest.main()
