"""Building: when the harness configures a build tree (cmake --preset) before it builds."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

from harness.build import _TreeLock, is_configured
from tests.harness.support import ROOT

HOLD_FOR_A_SECOND = """
import sys, time
from harness.build import _TreeLock
with _TreeLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(1)
"""


class Configured(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.root, True)
        self.build_dir = os.path.join(self.root, "build", "default")
        self.presets = os.path.join(self.root, "CMakePresets.json")
        self.cache = os.path.join(self.build_dir, "CMakeCache.txt")
        with open(self.presets, "w") as presets:
            presets.write("{}")

    def write_cache(self, seconds_after_presets):
        os.makedirs(self.build_dir, exist_ok=True)
        with open(self.cache, "w") as cache:
            cache.write("# CMake cache\n")
        presets_changed = os.path.getmtime(self.presets)
        os.utime(self.cache, (presets_changed + seconds_after_presets,) * 2)

    def test_a_tree_not_configured_yet(self):
        self.assertFalse(is_configured(self.root, self.build_dir))

    def test_a_tree_configured_after_the_presets_changed(self):
        self.write_cache(seconds_after_presets=10)
        self.assertTrue(is_configured(self.root, self.build_dir))

    def test_a_tree_configured_before_the_presets_changed_is_configured_again(self):
        # A course update brought new flags in a preset: the old tree would not have them.
        self.write_cache(seconds_after_presets=-10)
        self.assertFalse(is_configured(self.root, self.build_dir))

    def test_without_presets_a_configured_tree_is_used(self):
        self.write_cache(seconds_after_presets=0)
        os.remove(self.presets)
        self.assertTrue(is_configured(self.root, self.build_dir))


class OneBuildAtATime(unittest.TestCase):
    def test_a_second_harness_process_waits_for_the_first(self):
        # CTest runs tests side by side; two that build the same tree must take turns.
        build_dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, build_dir, True)
        holder = subprocess.Popen([sys.executable, "-c", HOLD_FOR_A_SECOND, build_dir], cwd=ROOT,
                                  stdout=subprocess.PIPE, universal_newlines=True)
        self.addCleanup(holder.kill)
        self.assertEqual(holder.stdout.readline().strip(), "locked")
        started = time.monotonic()
        with _TreeLock(build_dir):
            waited = time.monotonic() - started
        self.assertEqual(holder.wait(10), 0)
        self.assertGreater(waited, 0.5, "took the tree while another process held it")
        holder.stdout.close()


if __name__ == "__main__":
    unittest.main()


class Presets(unittest.TestCase):
    """CMakePresets.json offers a preset only where it works (the sanitizers are GCC's and
    Clang's), and its flags are ones every compiler of that platform takes."""

    def setUp(self):
        import json
        with open(os.path.join(ROOT, "CMakePresets.json"), encoding="utf-8") as presets:
            self.configure = {preset["name"]: preset for preset in json.load(presets)["configurePresets"]}

    def test_the_sanitizer_presets_are_off_on_windows(self):
        for name, preset in self.configure.items():
            if "-fsanitize" in preset.get("cacheVariables", {}).get("CMAKE_CXX_FLAGS", ""):
                with self.subTest(preset=name):
                    self.assertEqual(preset.get("condition"), {
                        "type": "notEquals", "lhs": "${hostSystemName}", "rhs": "Windows"})

    def test_no_flag_only_one_compiler_knows(self):
        gcc_only = ("-Wno-tsan",)  # (Apple clang stops at an unknown -W flag under -Werror)
        for name, preset in self.configure.items():
            with self.subTest(preset=name):
                flags = preset.get("cacheVariables", {}).get("CMAKE_CXX_FLAGS", "")
                self.assertFalse([flag for flag in gcc_only if flag in flags.split()])
