"""The harness's own tools, built with the project (tools/): load_client drives many
connections at once, for the many-clients checks and for `bench`; short_io, preloaded into
a program under test, makes its socket sends and receives come up short (Linux). They must
run on this machine, so they come from a native build tree, never a cross-compiled one."""

import os
import sys
import threading

from .build import Builder
from .errors import HarnessError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_lock = threading.Lock()
_found = {}


def _built(build_dir, file_name):
    path = os.path.join(build_dir, "tools", file_name)
    return path if os.path.isfile(path) else None


def _tool(target, file_name, variable, build_dir):
    """The path of a tool: $`variable`, or the one in `build_dir`, or the one in
    build/default, built there if need be. HarnessError if it cannot be had."""
    with _lock:
        if target in _found:
            return _found[target]
        path = os.environ.get(variable)
        for folder in ([build_dir] if build_dir else []) + [os.path.join(ROOT, "build", "default")]:
            path = path or _built(folder, file_name)
        if not path:
            builder = Builder(ROOT, "default")
            outcome = builder.build_target(target)
            if not outcome.ok:
                raise HarnessError("cannot build the harness's {}:\n{}".format(target, outcome.errors))
            path = _built(builder.build_dir, file_name)
        if not path:
            raise HarnessError("{} is not where it was built (build/default/tools)".format(file_name))
        _found[target] = path
        return path


def load_client(build_dir=None):
    """The path of load_client ($LABS_LOAD_CLIENT overrides it)."""
    return _tool("load_client", "load_client.exe" if os.name == "nt" else "load_client", "LABS_LOAD_CLIENT",
                 build_dir)


def short_io(build_dir=None):
    """The path of the short_io library ($LABS_SHORT_IO_LIBRARY overrides it); HarnessError
    off Linux, where the dynamic loader has no LD_PRELOAD the harness could use."""
    if not sys.platform.startswith("linux"):
        raise HarnessError("the harness makes sends and receives come up short by preloading a library "
                           "(LD_PRELOAD), on Linux only")
    return _tool("short_io", "libshort_io.so", "LABS_SHORT_IO_LIBRARY", build_dir)
