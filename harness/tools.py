"""The harness's own tools, built with the project: load_client (tools/load_client.cpp)
drives many connections at once, for the many-clients checks and for `bench`. It must run
on this machine, so it comes from a native build tree, never a cross-compiled one."""

import os
import threading

from .build import Builder
from .errors import HarnessError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_lock = threading.Lock()
_found = {}


def _native_program(build_dir, name):
    path = os.path.join(build_dir, "tools", name)
    if os.name == "nt":
        path += ".exe"
    return path if os.path.isfile(path) else None


def load_client(build_dir=None):
    """The path of load_client: $LABS_LOAD_CLIENT, or the one in `build_dir`, or the one
    in build/default, built there if need be. HarnessError if it cannot be had."""
    with _lock:
        if "load_client" in _found:
            return _found["load_client"]
        path = os.environ.get("LABS_LOAD_CLIENT")
        for folder in ([build_dir] if build_dir else []) + [os.path.join(ROOT, "build", "default")]:
            path = path or _native_program(folder, "load_client")
        if not path:
            builder = Builder(ROOT, "default")
            outcome = builder.build_target("load_client")
            if not outcome.ok:
                raise HarnessError("cannot build the harness's load_client:\n" + outcome.errors)
            path = _native_program(builder.build_dir, "load_client")
        if not path:
            raise HarnessError("load_client is not where it was built (build/default/tools)")
        _found["load_client"] = path
        return path
