"""Docs that cannot rot: every relative link and anchor resolves, every English page of the
walkthrough has its Chinese twin with as many headings, the generated parts are fresh, and
the harness commands the docs show run without a usage error or a crash."""

import glob
import importlib.util
import os
import re
import shlex
import subprocess
import sys
import unittest

from harness import labs

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCS = os.path.join(ROOT, "docs")
CHINESE = os.path.join(DOCS, "zh-CN")
FENCE = re.compile(r"^(```|~~~)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def markdown_files(root=ROOT):
    found = []
    for pattern in ("*.md", "docs/**/*.md", "labs/*/README*.md", "tests/**/*.md", "labkit/**/*.md"):
        found += glob.glob(os.path.join(root, pattern), recursive=True)
    return sorted(set(path for path in found if "/build/" not in path))


def prose_lines(path):
    """The lines of a Markdown file outside code blocks, with their numbers."""
    inside = False
    with open(path, encoding="utf-8") as page:
        for number, line in enumerate(page, 1):
            if FENCE.match(line.strip()):
                inside = not inside
                continue
            if not inside:
                yield number, line.rstrip("\n")


def headings(path):
    return [(len(match.group(1)), match.group(2)) for _, line in prose_lines(path)
            for match in [HEADING.match(line)] if match]


def slug(heading):
    """The anchor GitHub makes of a heading."""
    text = re.sub(r"<[^>]+>", "", heading).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    seen, result = {}, set()
    for _, text in headings(path):
        base = slug(text)
        count = seen.get(base, 0)
        result.add(base if count == 0 else "{}-{}".format(base, count))
        seen[base] = count + 1
    return result


def broken_links(root=ROOT):
    """Every relative link or anchor of the Markdown files under `root` that leads nowhere."""
    broken = []
    for path in markdown_files(root):
        for number, line in prose_lines(path):
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                if re.match(r"^[a-z]+:", target):
                    continue  # http:, https:, mailto:
                file_part, _, anchor = target.partition("#")
                resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
                where = "{}:{}: {}".format(os.path.relpath(path, root), number, target)
                if not os.path.exists(resolved):
                    broken.append(where + " (no such file)")
                elif anchor and resolved.endswith(".md") and anchor not in anchors(resolved):
                    broken.append(where + " (no such heading)")
    return broken


class Links(unittest.TestCase):
    def test_every_relative_link_and_anchor_resolves(self):
        self.assertEqual(broken_links(), [])


class ChineseTwins(unittest.TestCase):
    def english_pages(self):
        return sorted(path for path in glob.glob(os.path.join(DOCS, "**", "*.md"), recursive=True)
                      if not path.startswith(CHINESE))

    def test_every_english_page_has_a_chinese_twin_with_the_same_headings(self):
        problems = []
        for english in self.english_pages():
            twin = os.path.join(CHINESE, os.path.relpath(english, DOCS))
            name = os.path.relpath(english, ROOT)
            if not os.path.exists(twin):
                problems.append("{} has no Chinese page ({})".format(name, os.path.relpath(twin, ROOT)))
                continue
            for level in range(1, 7):
                ours = sum(1 for depth, _ in headings(english) if depth == level)
                theirs = sum(1 for depth, _ in headings(twin) if depth == level)
                if ours != theirs:
                    problems.append("{}: {} headings of level {}, its Chinese twin {}".format(name, ours, level, theirs))
        self.assertEqual(problems, [])

    def test_every_lab_readme_has_a_chinese_twin_with_the_same_headings_linked_from_its_top(self):
        problems = []
        for english in sorted(glob.glob(os.path.join(ROOT, "labs", "*", "README.md"))):
            twin = os.path.join(os.path.dirname(english), "README.zh-CN.md")
            name = os.path.relpath(english, ROOT)
            if not os.path.exists(twin):
                problems.append("{} has no Chinese twin (README.zh-CN.md)".format(name))
                continue
            ours, theirs = [depth for depth, _ in headings(english)], [depth for depth, _ in headings(twin)]
            if ours != theirs:
                problems.append("{}: headings of levels {}, its Chinese twin {}".format(name, ours, theirs))
            for page, link in ((english, "[中文](README.zh-CN.md)"), (twin, "[English](README.md)")):
                with open(page, encoding="utf-8") as text:
                    if link not in text.read().split("\n## ")[0]:
                        problems.append("{}: no {} above its first section".format(os.path.relpath(page, ROOT), link))
            for page in (english, twin):
                with open(page, encoding="utf-8") as text:
                    blocks = re.findall(r'<details class="(hint|code)"><summary>[^<]*TODO (\d+)', text.read())
                todos = [int(number) for _, number in blocks]
                if blocks and [kind for kind, _ in blocks] != ["hint", "code"] * (len(blocks) // 2):
                    problems.append("{}: each TODO needs its hint, then its code".format(os.path.relpath(page, ROOT)))
                elif todos != sorted(todos):
                    problems.append("{}: the TODOs' help is out of order".format(os.path.relpath(page, ROOT)))
        self.assertEqual(problems, [])

    def test_every_chinese_page_has_an_english_one(self):
        orphans = [os.path.relpath(path, ROOT) for path in glob.glob(os.path.join(CHINESE, "**", "*.md"), recursive=True)
                   if not os.path.exists(os.path.join(DOCS, os.path.relpath(path, CHINESE)))]
        self.assertEqual(orphans, [])


def generator():
    """docs/generate.py, imported."""
    spec = importlib.util.spec_from_file_location("generate", os.path.join(DOCS, "generate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Generated(unittest.TestCase):
    def test_the_check_catalogue_the_labs_points_and_the_hints_are_fresh(self):
        result = subprocess.run([sys.executable, os.path.join(DOCS, "generate.py"), "--check"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        self.assertEqual(result.returncode, 0, result.stdout)


class HintPages(unittest.TestCase):
    """Every hint of the harness is on docs/reference/hints.md and, translated, on its Chinese
    twin: a hint added without its Chinese text fails here, and so does a Chinese text left over."""

    def setUp(self):
        self.generate = generator()

    def test_every_hint_has_its_chinese_text_and_no_other(self):
        table, problems = self.generate.load_chinese_hints()
        comments = [comment for comment, _ in self.generate.hint_sections()]
        self.assertEqual(problems or self.generate.chinese_hint_problems(self.generate.hints.HINTS, comments, table), [])

    def test_both_pages_have_a_heading_for_every_hint(self):
        for path in self.generate.HINT_PAGES:
            with open(os.path.join(ROOT, path), encoding="utf-8") as page:
                found = anchors(page.name)
            with self.subTest(page=path):
                self.assertEqual([id for id in self.generate.hints.HINTS if id not in found], [])

    def test_a_missing_a_left_over_and_an_outdated_translation_are_told(self):
        english = {"kept": "It is 64 KiB.", "new": "A new hint.", "changed": "Now this."}
        table = {"sections": {"a group": "一组", "gone": "没了"},
                 "hints": {"kept": {"en": "It is 64 KiB.", "zh": "它是 64 KiB。"},
                           "changed": {"en": "Then that.", "zh": "当时那样。"},
                           "removed": {"en": "Gone.", "zh": "没了。"}}}
        problems = self.generate.chinese_hint_problems(english, ["a group", "another group"], table)
        self.assertEqual(len(problems), 5, problems)
        for told in ('"new"', '"changed"', '"removed"', '"# --- another group"', '"gone"'):
            self.assertTrue(any(told in problem for problem in problems), (told, problems))
        table["hints"]["kept"]["zh"] = "它是 32 KiB。"
        self.assertTrue(any("numbers" in problem for problem in
                            self.generate.chinese_hint_problems(english, ["a group"], table)))


def shown_commands():
    """The `python3 -m harness ...` commands of the docs' shell examples, once each."""
    commands = []
    for path in markdown_files():
        if path.startswith(CHINESE):
            continue  # the same commands as the English pages
        inside, shell = False, False
        with open(path, encoding="utf-8") as page:
            for line in page:
                stripped = line.strip()
                if FENCE.match(stripped):
                    inside, shell = not inside, stripped[3:].strip() in ("sh", "bash", "shell")
                    continue
                if inside and shell and stripped.startswith("python3 -m harness"):
                    command = stripped.split("  #")[0].split(" # ")[0].strip()
                    if command not in commands:
                        commands.append(command)
    return commands


PLACEHOLDERS = re.compile(r"\b(LAB|ROLE|FILE|DIR|CHECK|NAME|N)\b|\.\.\.|\[|\||\$")
NOT_RUN = ("test", "setup", "bench", "export")  # the suite itself; installs; slow builds; tested elsewhere


class ShownCommands(unittest.TestCase):
    def test_the_docs_show_the_quick_start_and_a_grade_command_per_lab(self):
        commands = shown_commands()
        self.assertIn("python3 -m harness grade", commands)
        for number in (int(lab.number) for lab in labs.LABS):
            self.assertTrue(any(re.search(r"\bgrade\b.*\b0?{}\b".format(number), command) for command in commands),
                            "no grade command for lab {:02d} in the docs".format(number))

    def test_every_harness_command_shown_runs(self):
        ran = 0
        for command in shown_commands():
            words = shlex.split(command)
            if PLACEHOLDERS.search(command) or (len(words) > 3 and words[3] in NOT_RUN) or "--watch" in words:
                continue  # (--watch runs until Ctrl+C: tests/harness/test_watch.py runs it)
            with self.subTest(command=command):
                if sys.platform == "win32" and re.search(r"--preset (asan|tsan)\b", command):
                    continue  # refused there, with its reason (a test of the harness says so)
                result = subprocess.run([sys.executable] + words[1:], cwd=ROOT, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, universal_newlines=True, timeout=900)
                self.assertIn(result.returncode, (0, 1), result.stderr[-2000:])
                self.assertNotIn("Traceback", result.stderr)
                ran += 1
        self.assertGreater(ran, 5)


if __name__ == "__main__":
    unittest.main()
