"""Namespaces of its own for each check (Linux): the check runs in a thread that first
moves into a new network namespace, where only loopback is up, a new mount namespace,
where every file system is read-only but the temporary folders, and the project (the
harness, the labs, their builds) always, and a new PID namespace. What the check starts from that thread lives there with it: the programs under
test, the harness's own sockets, the fake servers' threads. So ports never collide
between checks or between jobs (fixed-port programs graded side by side with --jobs, or
twice in a row with no TIME_WAIT), no program reaches beyond loopback, none can change the
grader or signal it, and when the check ends its PID namespace's first process is killed,
and with it every process of the check, daemons included. Making them takes about 2 ms.

Making them needs CAP_SYS_ADMIN: root has it; any other user has it inside a user
namespace of their own, so on Linux a harness not run by root starts itself again in one
(`unshare --user --map-root-user`, where the kernel allows it): there it is "root" only
over its own namespaces, its files stay the user's, and it can do nothing the user could
not. Elsewhere (macOS, Windows, a container without the capability, a kernel or AppArmor
policy that forbids user namespaces) why_not() says why, and checks share the machine."""

import ctypes
import errno
import functools
import os
import queue
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading

from .errors import HarnessError

CLONE_NEWNS, CLONE_NEWPID, CLONE_NEWNET = 0x20000, 0x20000000, 0x40000000
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = (
    0x1, 0x2, 0x4, 0x8, 0x20, 0x1000, 0x4000, 0x40000)
IN_USER_NAMESPACE = "LABS_HARNESS_USER_NAMESPACE"  # set in the harness started again in one
IS_LINUX = sys.platform.startswith("linux")
PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # read-only in a check
SCRATCH = ("/tmp", "/var/tmp", "/dev")  # with the temporary folder, what a check's programs may write
HOSTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hosts")  # a check's /etc/hosts
SYS_MOUNT_SETATTR, AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = 442, -100, 0x8000, 0x1


def is_root():
    """Whether the harness runs as the machine's root (not only a user namespace's)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0 and not os.environ.get(IN_USER_NAMESPACE)


def _call(libc, name, *args):
    if getattr(libc, name)(*args) != 0:
        code = ctypes.get_errno()
        raise OSError(code, "{}: {}".format(name, os.strerror(code)))


def _new_namespaces():
    """Moves the calling thread into a new network namespace, its loopback up, and a new
    mount namespace: every file system read-only but the scratch folders (SCRATCH), the
    project read-only even if it is in one, and /etc/hosts the harness's own (HOSTS)."""
    import fcntl  # (here: Windows has none, and imports this module too)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    _call(libc, "unshare", CLONE_NEWNET | CLONE_NEWNS)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        request = struct.pack("16sH", b"lo", 0)
        flags = struct.unpack("16sH", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
        fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))
    _call(libc, "mount", None, b"/", None, MS_REC | MS_PRIVATE, None)  # what it mounts stays its own
    scratch = sorted({os.path.realpath(path) for path in SCRATCH + (tempfile.gettempdir(),) if os.path.isdir(path)})
    for path in scratch:  # a mount of its own each, to be made writable again below
        _call(libc, "mount", path.encode(), path.encode(), None, MS_BIND | MS_REC, None)
    if _set_attributes(libc, "/", MOUNT_ATTR_RDONLY, 0):
        for path in scratch:
            if not _set_attributes(libc, path, 0, MOUNT_ATTR_RDONLY):
                raise OSError(errno.EPERM, "cannot make {} writable again".format(path))
    project = PROJECT.encode()  # (read-only already, unless it is in a scratch folder, or the kernel is old)
    _call(libc, "mount", project, project, None, MS_BIND | MS_REC, None)
    kept = os.statvfs(PROJECT).f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC)
    _call(libc, "mount", None, project, None, MS_REMOUNT | MS_BIND | MS_RDONLY | kept, None)
    if os.path.isfile("/etc/hosts"):  # localhost: ::1 and 127.0.0.1, whatever this machine says (lab 10)
        _call(libc, "mount", HOSTS.encode(), b"/etc/hosts", None, MS_BIND, None)


def _set_attributes(libc, path, on, off):
    """mount_setattr(2) on every mount from `path` down (Linux 5.12 and later): turns the
    attributes `on` on and `off` off. False where the kernel has no such call."""
    attributes = ctypes.create_string_buffer(struct.pack("QQQQ", on, off, 0, 0))
    if libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, path.encode(), AT_RECURSIVE, attributes, 32) == 0:
        return True
    code = ctypes.get_errno()
    if code == errno.ENOSYS:
        return False
    raise OSError(code, "mount_setattr {}: {}".format(path, os.strerror(code)))


class _Spawner:
    """The thread that starts a check's processes, into a PID namespace of the check's own.
    (A thread whose children go into another PID namespace may start no thread, and a
    check starts many: so one thread of its own starts its processes, and only that.) The
    namespace's first process is a sleep standing for its init: when it is killed, at
    close(), the kernel kills every other process of the namespace, daemons included."""

    def __init__(self):
        self._requests = queue.Queue()
        ready = queue.Queue()
        self._thread = threading.Thread(target=self._serve, args=(ready,), name="spawner", daemon=True)
        self._thread.start()
        error = ready.get()
        if error is not None:
            self._thread.join()
            raise error

    def _serve(self, ready):
        try:
            _call(ctypes.CDLL(None, use_errno=True), "unshare", CLONE_NEWPID)
            # (It dies with this thread too: a parent-death signal follows the thread that forked.)
            dies_with_us = ["setpriv", "--pdeathsig", "KILL", "--"] if shutil.which("setpriv") else []
            init = subprocess.Popen(dies_with_us + ["sleep", "86400"], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as error:
            ready.put(error)
            return
        ready.put(None)
        for start, answer in iter(self._requests.get, None):
            try:
                answer.put((start(), None))
            except BaseException as error:  # handed to the thread that asked
                answer.put((None, error))
        init.kill()
        init.wait()

    def call(self, start):
        answer = queue.Queue()
        self._requests.put((start, answer))
        value, error = answer.get()
        if error is not None:
            raise error
        return value

    def close(self):
        self._requests.put(None)
        self._thread.join()


_check = threading.local()  # .spawner: the _Spawner of the check the thread runs, if any


def started(start):
    """Runs start(), which starts a process, in the PID namespace of the check the calling
    thread runs, if it runs one in a sandbox; else as it is."""
    spawner = getattr(_check, "spawner", None)
    return spawner.call(start) if spawner else start()


def in_a_sandbox(function):
    """Runs function() in a new thread, in new namespaces of its own; returns what it
    returns, raises what it raises."""
    outcome = {}

    def body():
        try:
            _new_namespaces()
            _check.spawner = _Spawner()
        except OSError as error:
            outcome["error"] = HarnessError("cannot give the check namespaces of its own: {}".format(error))
            return
        try:
            outcome["value"] = function()
        except BaseException as error:  # handed to the caller's thread, whatever it is
            outcome["error"] = error
        finally:
            _check.spawner.close()

    thread = threading.Thread(target=body, name="check", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@functools.lru_cache(maxsize=None)
def why_not():
    """None if each check can have namespaces of its own here, else why not, in a few words."""
    if not IS_LINUX:
        return "{} has no network namespaces".format({"darwin": "macOS", "win32": "Windows"}.get(
            sys.platform, sys.platform))
    try:
        in_a_sandbox(lambda: None)
    except HarnessError as error:
        cause = error.__str__().rsplit(": ", 1)[-1]
        if not is_root() and not os.environ.get(IN_USER_NAMESPACE):
            return "this kernel does not let users make namespaces of their own ({})".format(cause)
        return "making namespaces is not permitted here ({}: a container without CAP_SYS_ADMIN?)".format(cause)
    return None


def start_again_in_user_namespace(argv, root):
    """On Linux, for a harness not run by root: starts it again (exec, the same process) in
    a user namespace of its own, where it may make network namespaces. Returns (nothing
    replaced) where that cannot be had; why_not() then says why."""
    if not IS_LINUX or os.geteuid() == 0 or os.environ.get(IN_USER_NAMESPACE) or not shutil.which("unshare"):
        return
    command = ["unshare", "--user", "--map-root-user"]
    try:  # a user namespace may be forbidden (Ubuntu 24.04's AppArmor policy): try first
        allowed = subprocess.run(command + ["true"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        allowed = False
    if not allowed:
        return
    path = os.environ.get("PYTHONPATH")
    env = dict(os.environ, **{IN_USER_NAMESPACE: "1", "PYTHONPATH": root + (os.pathsep + path if path else "")})
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvpe(command[0], command + ["--", sys.executable, "-m", "harness"] + list(argv), env)
    except OSError:
        return


def reached_beyond_loopback(stderr_text):
    """Whether a program's error output says a network was unreachable (in a network of its
    own, all but loopback is)."""
    return os.strerror(errno.ENETUNREACH) in stderr_text or "ENETUNREACH" in stderr_text


def wrote_where_it_may_not(stderr_text):
    """Whether a program's error output says it met a read-only file system (in a mount
    namespace of its own, all but the scratch folders are)."""
    return os.strerror(errno.EROFS) in stderr_text or "EROFS" in stderr_text
