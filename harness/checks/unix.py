"""unix-server/: what only an AF_UNIX server has to get right, its socket file. The stream
checks of tcp-server/ and tcp-client/ grade the rest, over the socket path."""

import os
import socket

from . import check, SERVER, expect


@check("unix-server/socket-file-removed", 10, "once stopped (exit status 0), the server has removed its socket file",
       needs=SERVER)
def socket_file_removed(ctx):
    server = ctx.start_server()
    expect.exchange(ctx, ctx.connect(server), b"hello", server)
    ctx.expect(os.path.exists(server.address), "the socket file {} while the server runs".format(server.address))
    expect.clean_stop(ctx, server)
    gone = not os.path.exists(server.address)
    ctx.step("the socket file {}".format("is gone" if gone else "is still there"))
    ctx.expect(gone, "no socket file at {} once the server has stopped".format(server.address), "socket-file-left")


@check("unix-server/stale-socket", 10,
       "a socket file left by a crashed server is replaced; one of a live server is an error (PATH is in use)",
       needs=SERVER)
def stale_socket(ctx):
    path = ctx.socket_path()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)
    stale.close()
    ctx.step("left a stale socket file at {}, as a crashed server does (nobody listens there)".format(path))
    first = ctx.start(ctx.subject.server, path=path)
    if first.wait_for_line(rb"^listening on ", ctx.timing.start) is None:
        # Exiting here is the mistake itself (bind() fails on the stale file), not a side issue.
        ctx.fail("the server to replace the stale socket file and listen; it {}".format(first.describe_exit()),
                 "stale-socket")
    connection = ctx.connect(path)
    expect.exchange(ctx, connection, b"hello")
    connection.close()
    ctx.step("closed the connection")

    second = ctx.start(ctx.subject.server, path=path)
    status = second.wait(ctx.timing.exit)
    if status is None:
        ctx.fail("a second server on the same path to stop with an error; it runs", "live-socket-taken")
    ctx.step("the second server {}".format(second.describe_exit()))
    ctx.expect("{} is in use".format(path) in second.stderr.text(),
               "\"{} is in use\" on the second server's stderr".format(path), "live-socket-taken")
    ctx.expect(status == 1, "exit status 1 for the second server", "live-socket-taken")
    ctx.expect(os.path.exists(path), "the first server's socket file to be left in place", "live-socket-taken")
    expect.exchange(ctx, ctx.connect(path, " again, to the first server"), b"still there?")


@check("unix-server/keeps-other-files", 5,
       "a path that holds an ordinary file is refused (exit status 1, \"cannot bind PATH: ...\"), and the file is "
       "left as it was", needs=SERVER)
def keeps_other_files(ctx):
    path = ctx.socket_path()
    source = b"int main() { return 0; }  // somebody's source code, given as --path by a typing mistake\n"
    with open(path, "wb") as file:
        file.write(source)
    ctx.step("put an ordinary file at {} ({} bytes, as if somebody's source code were given as --path)".format(
        path, len(source)))
    server = ctx.start(ctx.subject.server, path=path)
    # It listens (it took the path: the mistake, told at once), or it exits (as it should).
    listening = server.wait_for_line(rb"^listening on ", ctx.timing.start)
    status = server.poll() if listening else server.wait(ctx.timing.exit)
    try:
        with open(path, "rb") as file:
            intact = file.read() == source
    except OSError:
        intact = False
    ctx.step("the server {}; the file {}".format(server.describe_exit(), "is as it was" if intact
                                                  else "is gone, or replaced"))
    ctx.expect(intact, "the ordinary file at {} to be left as it was".format(path), "removes-any-file")
    ctx.expect(status is not None, "the server to refuse the path and exit; it runs", "removes-any-file")
    ctx.expect("cannot bind {}".format(path) in server.stderr.text(),
               "\"cannot bind {}: ...\" on its stderr".format(path), "bind-error-message")
    ctx.expect(status == 1, "exit status 1", "bind-error-message")
