"""Building: when the harness configures a build tree (cmake --preset) before it builds."""

import os
import shutil
import tempfile
import unittest

from harness.build import is_configured


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


if __name__ == "__main__":
    unittest.main()
