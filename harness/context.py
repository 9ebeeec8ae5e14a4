"""The world one check runs in: the programs it starts, the sockets it opens, and the
story it records, step by step, so that a failure can be told as it happened. A Context
only executes; what a check expects of the protocol is in checks/expect.py."""

import os
import shutil
import socket
import time
import uuid
from dataclasses import replace
from typing import NoReturn

from . import endings, fakes, readiness, sandbox, wire
from .command import display
from .errors import CannotStart, CheckFailed, CheckSkipped, HarnessError, NeverGotGoing
from .process import Program, StartError
from .results import END, NOTE, SIGNAL_TO, START, Step
from .subject import Server

HAS_AF_UNIX = hasattr(socket, "AF_UNIX")
SHORT_IO_SEED = 2026  # the same cuts at every run: a failure can be made again
# Why a program built with a sanitizer cannot be graded out of file descriptors (measured:
# solutions 06 and 08 fail there under asan every time, under tsan now and then).
SANITIZED_DESCRIPTORS = {
    "asan": "UndefinedBehaviorSanitizer tests memory through a pipe of its own, and with no descriptor left it "
            "reports a false \"invalid vptr\": this check runs in the builds without sanitizers",
    "tsan": "ThreadSanitizer's own work uses the CPU this check watches (a server out of descriptors must not "
            "spin): this check runs in the builds without sanitizers",
}


def _close_quietly(resource):
    try:
        resource.close()
    except OSError:
        pass


class Context:
    def __init__(self, subject, timing, check_id=""):
        self.subject = subject
        self.timing = timing
        self.check_id = check_id
        self.steps = []  # results.Step
        self.began = time.monotonic()
        self._programs = []
        self._clients = []  # those of the programs that are the client under test
        self._sockets = []  # the harness's own client sockets: closed before the programs stop
        self._servers = []  # the harness's fake servers: closed after the programs stop
        self._folders = []  # folders of AF_UNIX socket files, removed at the end
        self.mark = uuid.uuid4().hex  # in the environment of its programs, and what they start
        self.left_behind = []  # (pid, name) of what they left running, killed at the end

    # --- the story

    def step(self, text, kind=NOTE, role="", data=None):
        """Records a step of the story, at this time; `data`: the bytes it moved, if any."""
        shown, size = (wire.show(data), len(data)) if data is not None else ("", 0)
        self.steps.append(Step(text, time.monotonic() - self.began, kind, role, shown, size))

    def recorder(self, role):
        """record(text, kind, data): a step with the program in `role` (a note: the harness's own)."""
        return lambda text, kind=NOTE, data=None: self.step(text, kind, "" if kind == NOTE else role, data)

    def fail(self, expectation, hint_id=None) -> NoReturn:
        """Ends the check as failed: the program did not do what `expectation` says."""
        raise CheckFailed(expectation, hint_id)

    def expect(self, condition, expectation, hint_id=None):
        if not condition:
            self.fail(expectation, hint_id)

    def after_failure(self, told, failed=True):
        """After a check did not pass: gives its programs a moment to end, and returns how
        each ended (what `told` does not say already) and, for a failure, the hint id of
        what a program's own end shows (a crash, a sanitizer's report), or None."""
        self.let_programs_settle()
        said = "\n".join(step.text for step in self.steps) + "\n" + told
        notes, cause = endings.after_failure(self._programs, self.subject, said, failed)
        return [Step(text, kind=END if program else NOTE, role=self.role(program) if program else "")
                for program, text in notes], cause

    def server_stderr(self):  # what the servers under test said on stderr so far
        return "".join(program.stderr.text() for program in self._programs if program not in self._clients)

    def role(self, program):
        """Whose lifeline a program is on: "client" for the client under test, else "server"."""
        return "client" if program in self._clients else "server"

    def let_programs_settle(self, seconds=0.2):
        """Gives a program that is dying (it crashed as the check saw its connection close)
        a moment to be gone, so that its end can be told; a live one costs `seconds` once."""
        deadline = time.monotonic() + seconds
        for program in self._programs:
            program.wait(max(deadline - time.monotonic(), 0))

    # --- programs

    def start(self, command, stdin=b"", close_stdin=True, short_io=False, open_files=None, **values):
        """Starts a program under test; short_io=True: with its socket sends and receives
        cut short (tools/short_io.cpp), "sends": its sends only, "v6only": its IPv6 sockets
        IPv6-only by default; open_files=N: with a limit of N open files. Where that cannot
        be, the check is skipped."""
        argv = command.argv(**values)
        env, limits = sandbox.marked_environment(self.mark), self.subject.limits
        if open_files:
            if limits is None:
                raise CheckSkipped("the harness limits a program's open files with prlimit (util-linux): Linux only")
            if limits.sanitizer:
                raise CheckSkipped(SANITIZED_DESCRIPTORS[limits.sanitizer])
            limits = replace(limits, open_files=open_files)
        note = ""
        if stdin:
            note = ", typed {} on its stdin{}".format(wire.show(stdin), ", then ended its input" if close_stdin else "")
        if short_io:
            if not self.subject.short_io:
                raise CheckSkipped(self.subject.short_io_error or "the harness has no short_io library here")
            env.update(sandbox.short_io_environment(env, self.subject.short_io, SHORT_IO_SEED, short_io))
            note += "; " + sandbox.SHORT_IO_NOTES[short_io]
        role = "client" if command is self.subject.client else "server"
        self.step("started `{}`{}".format(display(argv), note), START, role)
        try:
            program = Program(argv, stdin=stdin, close_stdin=close_stdin, cwd=command.cwd, user=self.subject.run_as,
                              env=env, limits=limits)
        except StartError as error:
            raise CannotStart(str(error), role) from None
        self._programs.append(program)
        if role == "client":
            self._clients.append(program)
        return program

    def start_server(self, kind="tcp", short_io=False, open_files=None, host=wire.LOOPBACK):
        """Starts the server under test and waits until it is ready: on port 0 (or a socket
        path of the harness's choosing), until it prints its listening line; on a fixed
        port, until it answers there. host: its --host (from lab 10, a name or IPv6)."""
        command = self.subject.server
        if command.takes("path"):
            path = self.socket_path()
            program = self.start(command, path=path, short_io=short_io, open_files=open_files)
            readiness.expect_listening_line(self, program, readiness.LISTENING_PATH_LINE)
            return Server(program, path)
        if command.takes("port"):
            program = self.start(command, host=host, port=0, short_io=short_io, open_files=open_files)
            match = readiness.expect_listening_line(self, program, readiness.LISTENING_LINE)
            port = int(match.group(2))
            self.expect(port != 0, "the real port in the listening line, not 0",
                        "never-bound" if match.group(1) == b"0.0.0.0" else "listening-port-0")
            return Server(program, (wire.LOOPBACK, port))
        port = command.fixed_port
        type_ = socket.SOCK_STREAM if kind == "tcp" else socket.SOCK_DGRAM
        if not wire.port_is_free(port, type_):
            raise HarnessError("port {} is in use by another program: stop it, or tell the harness "
                               "the program's port with --port".format(port))
        if kind == "tcp" and not wire.port_is_free(port, type_, reuse=False):
            self.step("note: connections that ended lately hold port {} in TIME_WAIT; a server that "
                      "binds without SO_REUSEADDR cannot take it for about a minute".format(port))
        program = self.start(command, host=wire.LOOPBACK, port=port, short_io=short_io, open_files=open_files)
        readiness.wait_until_answering(self, program, kind, (wire.LOOPBACK, port))
        return Server(program, (wire.LOOPBACK, port))

    def socket_path(self):
        """A path for an AF_UNIX socket file, in a folder of its own, removed at the end."""
        if not HAS_AF_UNIX:
            raise CheckSkipped("this Python has no AF_UNIX sockets (Python on Windows): the harness "
                               "cannot talk to the program; grade it on Linux or macOS, or under WSL")
        if self.subject.under_wine:
            raise CheckSkipped("Wine has no AF_UNIX sockets (socket() fails with WSAEAFNOSUPPORT): "
                               "grade lab 05 natively, on Linux or macOS")
        folder = wire.short_socket_folder()
        self._folders.append(folder)
        if self.subject.run_as:
            self.subject.run_as.give(folder)
        elif self.subject.limits and self.subject.limits.nobody:
            os.chmod(folder, 0o777)  # the server may run as nobody, or as root with no capabilities
        return folder + "/lab.sock"

    def start_client(self, address, stdin=b"", close_stdin=True, timeout=None, retries=None, short_io=False):
        """Starts the client under test, pointed at `address`: (host, port), or a path."""
        target = {"path": address} if isinstance(address, str) else {"host": address[0], "port": address[1]}
        return self.start(self.subject.client, stdin=stdin, close_stdin=close_stdin, short_io=short_io,
                          timeout="{:g}".format(timeout or self.subject.udp_timeout * self.timing.scale),
                          retries=self.subject.udp_retries if retries is None else retries, **target)

    def address_for_client(self):
        """Where a fake server for the client under test listens: a socket path, any port
        on loopback, or the fixed port of a client that cannot be told one."""
        command = self.subject.client
        if command.takes("path"):
            return self.socket_path()
        if command.takes("port"):
            return (wire.LOOPBACK, 0)
        if not (wire.port_is_free(command.fixed_port) and wire.port_is_free(command.fixed_port, socket.SOCK_DGRAM)):
            raise HarnessError("port {} is in use by another program: stop it, or tell the harness "
                               "the client's port with --port".format(command.fixed_port))
        return (wire.LOOPBACK, command.fixed_port)

    def client_timing(self):
        """(timeout, retries) the client under test was given, or the contract's defaults."""
        command = self.subject.client
        timeout = self.subject.udp_timeout * self.timing.scale if command.takes("timeout") else 2.0
        retries = self.subject.udp_retries if command.takes("retries") else 2
        return timeout, retries

    def expect_short_io_loaded(self, program):
        """Skips the check if the short_io library is not in the running `program` (a
        program linked statically, or one that cleared its environment, escapes it). Of one
        that has exited nothing can be known: the check goes on, and tells its end."""
        if not sandbox.has_loaded(program.pid, self.subject.short_io) and not program.exited():
            raise CheckSkipped("the short_io library did not load into {} (a program linked statically "
                               "cannot preload it): the harness cannot cut its sends and receives short".format(
                                   program.name))

    def running_outside(self):
        """(pid, name) of what the check's programs started that runs outside them (a process
        in a session of its own, a daemon): it would outlive them."""
        return sandbox.left_running(self.mark, but={program.pid for program in self._programs})

    def fail_for_program(self, program, expectation, hint_id) -> NoReturn:
        """Fails; with the hint that the program exited early if it has, else `hint_id`."""
        if program.exited():
            self.fail("{}; {} {} first".format(expectation, program.name, program.describe_exit()),
                      "client-exited-early" if program in self._clients else "exited-early")
        self.fail(expectation, hint_id)

    def client_never_got_going(self, program, expectation, hint_id) -> NoReturn:
        """The client under test did not do its first thing (connect, send) in the start
        time: fails, and its other checks are not run (unless it exited: that is told)."""
        if program.exited():
            self.fail_for_program(program, expectation, hint_id)
        raise NeverGotGoing(expectation, hint_id, "client")

    def wait_for_exit(self, program, timeout, why, hints=("client-spins", "client-hangs")):
        """Waits for the program to exit; if not, fails with hints[0] if it spun, hints[1] if
        it hung: what each means depends on what it should have exited after (hints may be a
        function, asked then, for what the program did meanwhile)."""
        cpu_before = program.cpu_seconds()
        status = program.wait(timeout)
        if status is not None:
            self.step("{} {}".format(program.name, program.describe_exit()), END, self.role(program))
            return status
        cpu_after = program.cpu_seconds()
        # A blocked program uses no CPU at all; a spinning one all it gets, which is less on a busy machine.
        busy = cpu_before is not None and cpu_after is not None and cpu_after - cpu_before > 0.2 * timeout
        self.step("{} was still running {:g} s later{}".format(
            program.name, timeout, ", busy on the CPU" if busy else ""))
        hints = hints() if callable(hints) else hints
        self.fail("the client to exit within {:g} s {}".format(timeout, why), hints[0] if busy else hints[1])

    # --- sockets

    def connect(self, server, note="", hint_if_gone="server-exited"):
        """Connects to `server` (or an address). If that fails because the server has gone,
        the check fails with `hint_if_gone` (or hint_if_gone(exit status)): what its leaving
        means depends on the check. A server gone with status 0 before the check's first
        client ended its loop (server-ended-loop)."""
        address = server.address if isinstance(server, Server) else server
        try:
            connection = wire.Connection(address, self.recorder("server"), self.timing.reply)
        except OSError as error:
            self.step("could not connect to {}: {}".format(wire.address_text(address), error.strerror or error))
            program = server.program if isinstance(server, Server) else None
            # A refused connection may be the server closing its socket as it exits: give it a moment.
            status = program.wait(0.2) if program is not None else None
            if status is not None:
                hint_id = hint_if_gone(status) if callable(hint_if_gone) else hint_if_gone
                self.fail("the server to keep running; it {}".format(program.describe_exit()),
                          "server-ended-loop" if status == 0 and hint_id == "server-exited" else hint_id)
            self.fail("a connection to {}".format(wire.address_text(address)), "not-accepting")
        self.step("connected to {}{}".format(wire.address_text(address), note), SIGNAL_TO, "server")
        self._sockets.append(connection)
        return connection

    def datagrams(self, name="the harness"):
        endpoint = wire.Datagrams(self.recorder("server"), name)
        self._sockets.append(endpoint)
        return endpoint

    def fake_tcp_server(self, at=None, **behaviour):
        """The harness's own stream server, for the client under test (TCP or AF_UNIX,
        raw messages or lines, as the client speaks); at: (host, port), if not its own."""
        server = fakes.FakeTcpServer(self.recorder("client"), at or self.address_for_client(), lines=self.subject.lines,
                                     **behaviour)
        self._servers.append(server)
        return server

    def fake_udp_server(self, **behaviour):
        server = fakes.FakeUdpServer(self.recorder("client"), self.address_for_client(), **behaviour)
        self._servers.append(server)
        return server

    def hold(self, resource):
        """Keeps `resource` (a socket) open until the check ends."""
        self._sockets.append(resource)
        return resource

    @property
    def line_end(self):
        """What ends a message and a reply: "\n" in the framed protocol, nothing in the raw one."""
        return b"\n" if self.subject.lines else b""

    # --- the end

    def close(self):
        """Ends the check. Whoever closes a TCP connection first keeps it in TIME_WAIT for a
        minute, on its port: so the harness's client sockets close before the programs stop,
        and its servers after, so that the program's fixed port is never the one held."""
        for resource in reversed(self._sockets):
            _close_quietly(resource)
        for program in self._programs:
            program.kill()
        if not self.subject.under_wine:  # (Wine's own processes outlive a program by design)
            self.left_behind += sandbox.kill_left_running(self.mark)
        for server in reversed(self._servers):
            _close_quietly(server)
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)
