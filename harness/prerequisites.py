"""What the harness needs on the machine, and getting it: on Debian and Ubuntu it installs
what is missing with apt-get (as root, or with sudo if sudo needs no password); elsewhere,
or without those rights, it prints the exact command to run and stops."""

import glob
import os
import re
import shutil
import subprocess
import sys

from . import namespaces

MIN_CMAKE = (3, 25)
INCLUDE_DIRS = ["/usr/include", "/usr/local/include", "/opt/homebrew/include", "/opt/local/include"]


class Missing(Exception):
    """Something needed is missing and was not installed; the message says what to do."""


def _cmake_version():
    path = shutil.which("cmake")
    if not path:
        return None
    try:
        output = subprocess.run([path, "--version"], stdout=subprocess.PIPE, universal_newlines=True,
                                timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"(\d+)\.(\d+)", output)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _has_header(*patterns):
    return any(glob.glob(os.path.join(root, pattern)) for root in INCLUDE_DIRS for pattern in patterns)


# What each task needs: (what, is it there?, Debian package, how to get it elsewhere).
def _requirements(task):
    needs = [
        ("CMake >= 3.25", lambda: (_cmake_version() or (0, 0)) >= MIN_CMAKE, "cmake",
         "CMake 3.25 or newer: https://cmake.org/download/ (or `pip install cmake`)"),
        ("Ninja", lambda: bool(shutil.which("ninja")), "ninja-build", "Ninja: https://ninja-build.org"),
        ("a C++17 compiler", lambda: any(shutil.which(cxx) for cxx in ("c++", "g++", "clang++", "cl")), "g++",
         "a C++ compiler (Xcode command line tools, Visual Studio 2019+, or g++)"),
        ("asio (standalone)", lambda: _has_header("asio.hpp") or "VCPKG_ROOT" in os.environ, "libasio-dev",
         "asio: `brew install asio`, or `vcpkg install asio`"),
    ]
    if task == "windows-cross":
        needs += [
            ("MinGW-w64 (posix threads)", lambda: bool(shutil.which("x86_64-w64-mingw32-g++-posix")),
             "g++-mingw-w64-x86-64-posix", "MinGW-w64, for cross-building Windows programs"),
            ("Wine", lambda: bool(shutil.which("wine") or shutil.which("wine64")), "wine",
             "Wine, to run the Windows programs"),
            ("GoogleTest sources", lambda: os.path.isdir("/usr/src/googletest"), "googletest",
             "GoogleTest's sources (Debian: googletest)"),
        ]
    if task == "test":
        needs.append(("GoogleTest", lambda: _has_header("gtest/gtest.h") or os.path.isdir("/usr/src/googletest")
                      or "VCPKG_ROOT" in os.environ, "libgtest-dev",
                      "GoogleTest: `brew install googletest`, or `vcpkg install gtest`"))
        if _is_debian_like():  # (elsewhere the browser tests of the pages are skipped, and say why)
            needs.append(("Chromium", lambda: bool(shutil.which("chromium")), "chromium",
                          "Chromium, for the tests of the html pages in a browser"))
    return needs


def _is_debian_like():
    try:
        with open("/etc/os-release") as release:
            text = release.read().lower()
    except OSError:
        return False
    return bool(shutil.which("apt-get")) and re.search(r"^(id|id_like)=.*\b(debian|ubuntu)\b", text, re.M) is not None


def ensure(task, say=print):
    """Makes sure what `task` ("grade", "test" or "windows-cross") needs is there; raises
    Missing if not."""
    missing = [need for need in _requirements(task) if not need[1]()]
    if not missing:
        return
    names = ", ".join(need[0] for need in missing)
    if not _is_debian_like():
        raise Missing("missing: {}. Install:\n{}".format(names, "\n".join("  - " + need[3] for need in missing)))
    packages = [need[2] for need in missing]
    install = ["apt-get", "install", "-y", "--no-install-recommends"] + packages
    if namespaces.is_root():
        prefix = []
    elif shutil.which("sudo") and subprocess.run(["sudo", "-n", "true"], stdout=subprocess.DEVNULL,
                                                 stderr=subprocess.DEVNULL).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        raise Missing("missing: {}. Install it with:\n  sudo apt-get update && sudo {}".format(
            names, " ".join(install)))
    say("installing {} (apt-get: {})".format(names, " ".join(packages)))
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], install + ["-qq"]):
        result = subprocess.run(prefix + command, env=environment, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, universal_newlines=True)
        if result.returncode != 0:
            raise Missing("`{}` failed:\n{}".format(" ".join(prefix + command), result.stdout.strip()[-2000:]))
    still = [need[0] for need in _requirements(task) if not need[1]()]
    if still:
        raise Missing("still missing after apt-get: {}. {}".format(", ".join(still), "; ".join(
            need[3] for need in _requirements(task) if need[0] in still)))


def main_for(task):
    """ensure() for a command line: a clear message and exit status 2 if it fails."""
    try:
        ensure(task, say=lambda text: print(text, file=sys.stderr, flush=True))
    except Missing as missing:
        print("harness: " + str(missing), file=sys.stderr)
        sys.exit(2)
