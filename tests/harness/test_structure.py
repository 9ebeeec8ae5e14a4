"""The harness's shape, kept: its modules form layers that import only downward (the
command line, then the plan, the runner, the checks, the context, the processes and the
wire), with no import circle; each module says in a docstring what it owns, and none
grows past what a reader takes in at once."""

import ast
import os
import subprocess
import sys
import unittest

from tests.harness.support import ROOT

HARNESS = os.path.join(ROOT, "harness")
LONGEST = 330  # lines; the aim is about 300
TABLES = {"harness.hints"}  # data, not code: one entry per hint, read as a list, and it grows with them

# Lowest first. A module may import from its own layer and the ones below, never above.
LAYERS = [
    {"harness", "errors", "results", "protocol", "hints", "command", "wire", "streams", "interrupts", "wine",
     "prerequisites", "windows_jobs", "namespaces", "limits", "exits", "roster", "language"},
    {"process", "sandbox", "fakes", "build"},
    {"subject", "endings", "readiness"},
    {"context"},
    {"checks"},
    {"labs", "runner", "tools"},
    {"report", "gradebook"},
    {"plan"},
    {"bench", "export", "gradescope", "gradescope_try", "suite", "class_grading", "watch"},
    {"cli"},
    {"__main__"},
]


def modules():
    """{module name ("harness.checks.expect"): its path}"""
    found = {}
    for folder, _, names in os.walk(HARNESS):
        for name in names:
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                parts = os.path.relpath(path, ROOT)[:-3].split(os.sep)
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                found[".".join(parts)] = path
    return found


def imports(name, path, known):
    """The harness modules `name` imports, anywhere in it (in functions too)."""
    package = name if path.endswith("__init__.py") else name.rsplit(".", 1)[0]
    with open(path, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == "harness"}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            source = ".".join(part for part in (base if node.level else "", node.module or "") if part)
            if not source.startswith("harness"):
                continue
            for alias in node.names:
                target = source + "." + alias.name
                found.add(target if target in known else source)
    return found - {name}


def layer(name):
    short = name.split(".")[1] if "." in name else name
    return next(index for index, members in enumerate(LAYERS) if short in members)


class Structure(unittest.TestCase):
    def setUp(self):
        self.modules = modules()
        self.graph = {name: imports(name, path, self.modules) for name, path in self.modules.items()}

    def test_every_module_has_a_layer(self):
        for name in self.modules:
            with self.subTest(module=name):
                layer(name)

    def test_no_import_runs_up_the_layers(self):
        upward = ["{} (layer {}) imports {} (layer {})".format(name, layer(name), target, layer(target))
                  for name, targets in self.graph.items() for target in targets if layer(target) > layer(name)]
        self.assertEqual(upward, [])

    def test_no_import_circle(self):
        circles, done = [], set()

        def visit(name, path):
            if name in path:
                circles.append(" -> ".join(path[path.index(name):] + [name]))
                return
            if name in done:
                return
            for target in sorted(self.graph.get(name, ())):
                if not target.startswith(name + "."):  # a package imports its own modules to register them
                    visit(target, path + [name])
            done.add(name)
        for name in sorted(self.graph):
            visit(name, [])
        self.assertEqual(circles, [])

    def test_each_module_says_what_it_owns_and_stays_short(self):
        for name, path in self.modules.items():
            with self.subTest(module=name):
                with open(path, encoding="utf-8") as source:
                    text = source.read()
                if name != "harness.__main__":
                    self.assertTrue(ast.get_docstring(ast.parse(text)), "no docstring")
                if name not in TABLES:
                    self.assertLessEqual(text.count("\n"), LONGEST)

    def test_every_module_imports_without_the_posix_only_modules(self):
        # As on Windows: a module that needs fcntl, resource, pwd or termios imports it where it uses it.
        names = sorted(name for name in modules() if name != "harness.__main__")
        code = ("import sys\nfor name in ('fcntl', 'resource', 'pwd', 'grp', 'termios'): sys.modules[name] = None\n"
                "import importlib\nfor name in {!r}: importlib.import_module(name)\n".format(names))
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True)
        self.assertEqual(result.returncode, 0, result.stdout)

    def test_the_checker_sees_an_upward_import(self):
        # The test itself can fail: a context that imported the runner would be told.
        graph = dict(self.graph)
        graph["harness.context"] = graph["harness.context"] | {"harness.runner"}
        self.assertTrue([name for name, targets in graph.items() for target in targets
                         if layer(target) > layer(name)])


if __name__ == "__main__":
    unittest.main()


class AddingACheck(unittest.TestCase):
    """Adding a check to a role is one function and one row of labs.ROLES: it is listed,
    run, and reported like every other."""

    def test_one_function_and_one_table_row(self):
        import io
        import json
        from argparse import Namespace
        from unittest import mock

        from harness import labs, runner
        from harness.checks import CATALOGUE, SERVER, check, expect
        from harness.plan import plan_check
        from harness.report import catalogue
        from harness.report.machine import JsonReporter
        from harness.subject import Timing
        from tests.harness.support import planted

        @check("tcp-server/added-by-a-test", 5, "a reply to \"added\"", needs=SERVER)
        def added(ctx):
            server = ctx.start_server("tcp")
            expect.exchange(ctx, ctx.connect(server), b"added")
        self.addCleanup(CATALOGUE.pop, "tcp-server/added-by-a-test")
        row = labs.ROLES["tcp-server"] + ["tcp-server/added-by-a-test"]
        with mock.patch.dict(labs.ROLES, {"tcp-server": row}):
            self.assertIn("tcp-server/added-by-a-test", catalogue.render())
            job = plan_check(Namespace(role="tcp-server", cmd=planted("correct_tcp_server"), server_cmd=None,
                                       client_cmd=None, port=21567, cwd=None,
                                       only=["tcp-server/starts", "tcp-server/added-by-a-test"]))
            stream = io.StringIO()
            runner.run([job], JsonReporter(stream), Timing())
        checks = {check["id"]: check for check in json.loads(stream.getvalue())["labs"][0]["checks"]}
        self.assertEqual(checks["tcp-server/added-by-a-test"]["status"], "pass", checks)
        self.assertIn("sent \"added\" (5 bytes)", checks["tcp-server/added-by-a-test"]["transcript"])
        self.assertGreater(checks["tcp-server/added-by-a-test"]["points"], 0)
