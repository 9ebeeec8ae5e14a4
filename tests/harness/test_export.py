"""`export student`, used as an instructor would: the student repository holds no solution
and still builds, grades and fails with hints (the Gradescope bundle: test_gradescope)."""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from harness import export, labs
from tests.harness.support import HAS_SOLUTIONS, ROOT, run_harness

BUILD_LIMIT = 600


@unittest.skipUnless(HAS_SOLUTIONS, "this is a student repository already")
class StudentExport(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="labs-student-")
        cls.destination = os.path.join(cls.folder, "repo")
        result = run_harness("export", "student", cls.destination)
        assert result.returncode == 0, result.stderr

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def exported(self):
        return {os.path.relpath(os.path.join(folder, name), self.destination).replace(os.sep, "/")
                for folder, _, names in os.walk(self.destination) for name in names}

    def test_has_no_solutions_and_no_code_of_theirs(self):
        paths = self.exported()
        self.assertFalse([path for path in paths if path.startswith("solutions/")])
        files = {}
        for path in paths:
            with open(os.path.join(self.destination, path), "rb") as data:
                files[path] = data.read()
        self.assertEqual(export.solution_leaks(ROOT, files), [])
        self.assertFalse([path for path, data in files.items() if path.endswith(".md") and b"<!-- instructor" in data])

    def test_every_link_of_its_docs_resolves(self):
        from tests.docs.test_docs import broken_links
        self.assertEqual(broken_links(self.destination), [])

    def test_has_the_labs_harness_docs_and_the_classroom_workflow(self):
        paths = self.exported()
        for path in ("labs/01-tcp-server/tcp_server.cpp", "labs/01-tcp-server/README.md", "harness/__main__.py",
                     "docs/README.md", "CMakeLists.txt", ".github/workflows/classroom.yml"):
            self.assertIn(path, paths)
        self.assertNotIn(".github/workflows/ci.yml", paths)
        self.assertNotIn(".github/workflows/grade-class.yml", paths)  # the instructor's class grading
        self.assertFalse([path for path in paths if path.startswith("tests/planted_cpp/")], "bits of the solutions")

    def test_builds_and_grades_the_starters_with_hints(self):
        result = subprocess.run([sys.executable, "-m", "harness", "grade", "01", "--format", "json"],
                                cwd=self.destination, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=BUILD_LIMIT)
        self.assertEqual(result.returncode, 1, result.stderr)
        checks = json.loads(result.stdout)["labs"][0]["checks"]
        self.assertEqual(checks[0]["status"], "pass", checks[0])  # builds
        failed = [check for check in checks if check["status"] == "fail"]
        self.assertTrue(failed)
        self.assertEqual([check for check in failed if not check["hint"]], [])

    def test_a_compile_error_fails_that_lab_alone_with_the_compilers_words(self):
        source = os.path.join(self.destination, "labs", "02-tcp-client", "tcp_client.cpp")
        kept = os.path.join(self.folder, "tcp_client.cpp.kept")
        shutil.copy(source, kept)
        self.addCleanup(shutil.move, kept, source)
        with open(source, "a", encoding="utf-8") as broken:
            broken.write("\nint broken() { return undeclared_name; }\n")
        result = subprocess.run([sys.executable, "-m", "harness", "grade", "01", "02", "--format", "json"],
                                cwd=self.destination, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=BUILD_LIMIT)
        self.assertEqual(result.returncode, 1, result.stderr)
        first, second = (lab["checks"] for lab in json.loads(result.stdout)["labs"])
        self.assertEqual(first[0]["status"], "pass", first[0])  # lab 01 builds, whatever lab 02 does
        self.assertEqual((second[0]["id"], second[0]["status"]), ("builds", "fail"), second[0])
        self.assertIn("tcp_client.cpp", second[0]["message"])
        self.assertIn("undeclared_name", second[0]["message"])
        self.assertEqual({check["status"] for check in second[1:]}, {"skip"}, second)

    def test_refuses_to_grade_solutions_it_does_not_have(self):
        result = subprocess.run([sys.executable, "-m", "harness", "grade", "--impl", "solutions"],
                                cwd=self.destination, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                universal_newlines=True, timeout=60)
        self.assertEqual(result.returncode, 2)
        self.assertIn("no solutions/ folder", result.stderr)


README = """# Lab 99

### TODO 1: ask for a socket

Ask with `socket()`:

```cpp
int fd = socket(AF_INET, SOCK_DGRAM, 0);
```

<details class="hint"><summary>Hint for TODO 1</summary>

Call socket() for IPv4 and TCP.

</details>

<details class="code"><summary>Stuck on TODO 1? The code</summary>

```cpp
server = socket(AF_INET, SOCK_STREAM, 0);
```

</details>

## Grade it
"""


@unittest.skipUnless(HAS_SOLUTIONS, "needs the solutions to compare with")
class HelpLevels(unittest.TestCase):
    """export student --help-level: what each level keeps of a lab README, and the check
    that a README gives no answer the level withholds."""

    def test_each_level_keeps_its_help(self):
        full, hints, none = (export.at_help_level(README, level) for level in export.HELP_LEVELS)
        self.assertEqual(full, README)
        self.assertIn("Hint for TODO 1", hints)
        self.assertNotIn("Stuck on TODO 1", hints)
        self.assertNotIn("server = socket(", hints)
        self.assertNotIn("Hint for TODO 1", none)
        self.assertIn("int fd = socket(AF_INET, SOCK_DGRAM, 0);", none)  # (the example that is not the answer)
        self.assertTrue(none.rstrip().endswith("## Grade it"))

    def planted(self, readme):
        folder = tempfile.mkdtemp(prefix="labs-help-")
        self.addCleanup(shutil.rmtree, folder, True)
        answer = "    server = socket(AF_INET, SOCK_STREAM, 0);\n"
        for part, line in (("labs", "    // TODO 1\n"), ("solutions", answer)):
            os.makedirs(os.path.join(folder, part, "99-lab"))
            with open(os.path.join(folder, part, "99-lab", "server.cpp"), "w") as source:
                source.write("int main() {\n" + line + "}\n")
        return export.readme_answers(folder, {"labs/99-lab/README.md": readme.encode("utf-8")})

    def test_an_answer_left_in_sight_is_found_with_its_line(self):
        self.assertEqual(self.planted(export.at_help_level(README, "hints")), [])
        leaked = README.replace('<details class="code">', "<div>")
        found = self.planted(export.at_help_level(leaked, "hints"))
        self.assertEqual(len(found), 1, found)
        self.assertIn("labs/99-lab/README.md:20: a C++ block shows the solution's "
                      "`server = socket(AF_INET, SOCK_STREAM, 0);`", found[0])

    def test_the_labs_readmes_give_no_answer_at_the_hints_level(self):
        files = export.student_files(ROOT, "hints")
        self.assertEqual(export.readme_answers(ROOT, files), [])
        readmes = [path for path in files if export.LAB_README.match(path)]
        self.assertGreaterEqual(len(readmes), 18)  # (each lab's, and its Chinese twin)
        self.assertFalse([path for path in readmes if b'<details class="code">' in files[path]])

    def test_the_command_line_takes_the_level(self):
        result, repo = export_to_new_folder(self, "--help-level", "none")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("lab READMEs with no hints, no code", result.stdout)
        with open(os.path.join(repo, "labs", "01-tcp-server", "README.md"), encoding="utf-8") as page:
            self.assertNotIn("<details", page.read())
        self.assertEqual(export_to_new_folder(self, "--help-level", "some")[0].returncode, 2)


def export_to_new_folder(test, *options):
    """`export student` into a new folder, removed after `test`: (the result, the repository)."""
    folder = tempfile.mkdtemp(prefix="labs-export-")
    test.addCleanup(shutil.rmtree, folder, True)
    repo = os.path.join(folder, "repo")
    return run_harness("export", "student", repo, *options), repo


CPP_TOKENS = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'|//[^\n]*|/\*.*?\*/', re.S)


def code_of(text):
    """C++ `text` without its comments (string and character literals kept), each line
    without its spaces at the end, and no empty lines: what the compiler reads."""
    code = CPP_TOKENS.sub(lambda token: "" if token.group(0)[0] == "/" else token.group(0), text)
    return [line.rstrip() for line in code.splitlines() if line.strip()]


@unittest.skipUnless(HAS_SOLUTIONS, "the twins are checked where they are written")
class ChineseStarters(unittest.TestCase):
    """export student --lang zh-CN: each starter handed out as its twin, the same code
    with its comments in Chinese."""

    def twins(self):
        for lab in labs.LABS:
            for program in lab.programs:
                yield lab.folder, program + ".cpp"

    def read(self, *path):
        with open(os.path.join(ROOT, *path), encoding="utf-8") as source:
            return source.read()

    def test_each_starter_has_a_twin_with_the_same_code(self):
        for folder, name in self.twins():
            with self.subTest(lab=folder, file=name):
                english, chinese = self.read("labs", folder, name), self.read("labs", folder, "zh-CN", name)
                self.assertEqual(code_of(chinese), code_of(english))
                self.assertEqual(chinese.count("TODO"), english.count("TODO"))
                self.assertRegex(chinese, "[\u4e00-\u9fff]")

    def test_code_of_sees_through_comments_only(self):
        self.assertEqual(code_of('int a; // one\n/* two\n */ f("//", \'"\');\n'), ['int a;', ' f("//", \'"\');'])

    def test_the_chinese_export_hands_out_the_twins(self):
        chinese, english = export.student_files(ROOT, lang="zh-CN"), export.student_files(ROOT)
        for folder, name in self.twins():
            path = "labs/{}/{}".format(folder, name)
            self.assertEqual(chinese[path].decode("utf-8"), self.read("labs", folder, "zh-CN", name))
            self.assertEqual(english[path].decode("utf-8"), self.read("labs", folder, name))
        for files in (chinese, english):
            self.assertFalse([path for path in files if "/zh-CN/" in path and path.startswith("labs/")])
            self.assertEqual(sorted(files), sorted(english))
        result, repo = export_to_new_folder(self, "--lang", "zh-CN")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("starter comments in Chinese", result.stdout)
        with open(os.path.join(repo, "labs", "01-tcp-server", "tcp_server.cpp"), encoding="utf-8") as c:
            self.assertRegex(c.read(), "[\u4e00-\u9fff]")


if __name__ == "__main__":
    unittest.main()
