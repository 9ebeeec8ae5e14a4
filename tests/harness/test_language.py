"""--lang zh-CN: the harness tells hints, what each check proves and its own phrases in
Chinese, from the locale too; check ids, hint ids and the bytes of a story stay as they are,
in every format. For real: a starter graded as a Chinese-speaking student sees it."""

import json
import re
import unittest

from harness import hints, labs, language
from harness.checks import CATALOGUE
from tests.harness.support import run_harness

CHINESE = re.compile(r"[\u4e00-\u9fff]")


class Choosing(unittest.TestCase):
    def test_the_locale_chooses_and_lc_all_comes_first(self):
        self.assertEqual(language.from_environment({"LANG": "zh_CN.UTF-8"}), "zh-CN")
        self.assertEqual(language.from_environment({"LANG": "zh_TW.UTF-8"}), "zh-CN")
        self.assertEqual(language.from_environment({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}), "en")
        self.assertEqual(language.from_environment({"LC_MESSAGES": "zh_CN", "LANG": "en_US.UTF-8"}), "zh-CN")
        self.assertEqual(language.from_environment({}), "en")
        self.assertEqual(language.from_environment({"LABS_LANG": "zh-CN", "LANG": "en_US.UTF-8"}), "zh-CN")

    def test_every_hint_and_every_proves_line_has_its_chinese(self):
        texts = language.texts()
        self.assertEqual([id for id in hints.HINTS if texts["hints"].get(id, {}).get("en") != hints.HINTS[id]], [])
        lines = {labs.BUILDS_PROVES} | {check.proves for check in CATALOGUE.values()}
        self.assertEqual(sorted(line for line in lines if not CHINESE.search(texts["proves"].get(line, ""))), [])

    def test_a_phrase_keeps_its_blanks(self):
        for english, chinese in list(language.texts()["phrases"].items()) + list(
                language.texts()["sentences"].items()):
            with self.subTest(phrase=english):
                self.assertEqual(english.count("{}"), chinese.count("{}"))

    def test_a_step_is_told_in_chinese_with_its_bytes_and_commands_as_they_are(self):
        language.use("zh-CN")
        self.addCleanup(language.use, "en")
        self.assertEqual(language.sentence('sent "a (b) c" (5 bytes)'), '发送了 "a (b) c"（5 字节）')
        self.assertEqual(language.sentence("started `./x --port 0`"), "启动了 `./x --port 0`")
        # a blank without quotes may be a sentence itself; one with quotes is left alone
        self.assertEqual(language.sentence('the server to print "exited with status 1" and keep running; it '
                                           'exited with status 1 first'),
                         '服务器输出 "exited with status 1" 并保持运行；它却先以状态 1 退出')
        self.assertEqual(language.sentence("no template says this"), "no template says this")
        language.use("en")
        self.assertEqual(language.sentence('sent "a" (1 byte)'), 'sent "a" (1 byte)')


class ForReal(unittest.TestCase):
    def test_a_starter_tells_every_failure_in_chinese(self):
        result = run_harness("grade", "01", "--lang", "zh-CN")
        self.assertEqual(result.returncode, 1, result.stderr)
        told = result.stdout
        self.assertNotIn("   hint: ", told)
        hinted = [line for line in told.splitlines() if line.startswith("   提示：")]
        self.assertTrue(hinted, told)
        self.assertTrue(all(CHINESE.search(line[5:]) for line in hinted), hinted)
        self.assertIn("   1. 启动了 `", told)  # the steps and expectations too
        self.assertIn("   期望：", told)
        self.assertIn("证明：", told)
        self.assertIn("得分 ", told)
        self.assertIn("FAIL tcp-server/starts", told)  # (the ids stay)

    def test_the_json_report_keeps_ids_and_bytes_and_tells_the_rest_in_chinese(self):
        english = json.loads(run_harness("grade", "01", "--format", "json", "--lang", "en").stdout)
        chinese = json.loads(run_harness("grade", "01", "--format", "json", "--lang", "zh-CN").stdout)
        pairs = list(zip(english["labs"][0]["checks"], chinese["labs"][0]["checks"]))
        self.assertTrue(pairs)
        for ours, theirs in pairs:
            with self.subTest(check=ours["id"]):
                self.assertEqual((ours["id"], ours["hint_id"], ours["status"], ours["points"]),
                                 (theirs["id"], theirs["hint_id"], theirs["status"], theirs["points"]))
                self.assertRegex(theirs["proves"], CHINESE)
                if ours["hint"]:
                    self.assertRegex(theirs["hint"], CHINESE)
                    self.assertNotRegex(ours["hint"], CHINESE)

    def test_a_chinese_locale_is_enough(self):
        result = run_harness("grade", "01", "--only", "tcp-server/starts",
                             env_add={"LABS_LANG": "", "LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
        self.assertIn("   提示：", result.stdout)


if __name__ == "__main__":
    unittest.main()
