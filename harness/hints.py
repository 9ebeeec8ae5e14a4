"""From what the harness saw to the likely mistake: each hint names a cause and a fix.

A check that fails picks the hint of what it observed; protocol.diagnose_reply() does it
for the reply to a message, the commonest evidence of all. Hint ids are stable (instructors may
count them across a class); the texts may improve.
"""

from .limits import PROCESSES, Limits

LIMITS = Limits()  # the defaults

HINTS = {
    # --- what the program's own end tells (these outrank a check's hint: they are the cause)
    "todo-not-done":
        "The program stopped at a TODO of its starter that is not done yet: its stderr says which (\"TODO 1 "
        "is not done yet\"). Do the TODOs in order, as the lab's README explains: each one done makes more "
        "checks pass.",
    "memory-limit":
        "The program ran out of memory (std::bad_alloc, MemoryError, \"Cannot allocate memory\"): it may "
        "use " + str(LIMITS.memory_mib) + " MiB by default (--limit memory=MIB). A buffer that grows with "
        "every message and is never emptied, or a size read from the peer and trusted, does this.",
    "process-limit":
        "The program could not start another process or thread (\"Resource temporarily unavailable\"): "
        "the programs may run " + str(PROCESSES) + " processes and threads in all (--limit processes=N). "
        "fork() in a loop, or a thread per message that never ends, does this.",
    "cpu-limit":
        "The program used more CPU time than allowed (killed by SIGXCPU; " + str(LIMITS.cpu_seconds) + " s by "
        "default while grading, --limit cpu=SECONDS): a loop that spins instead of blocking in accept() "
        "or recv(), or a loop on a socket whose recv() returns 0 (the peer closed) forever.",
    "file-size-limit":
        "The program wrote a file larger than allowed (SIGXFSZ, or \"File too large\"; " + str(LIMITS.file_mib) +
        " MiB by default while grading, --limit file=MIB): a log written in a loop, or the messages stored on disk.",
    "loopback-only":
        "The program tried to reach a network beyond this machine (\"Network is unreachable\"): while "
        "grading only loopback (127.0.0.1, ::1) is reachable. Use the address given in --host.",
    "read-only-files":
        "The program tried to write a file where it may not (\"Read-only file system\"): while grading, "
        "every folder but the temporary ones (/tmp) is read-only to the programs under test, the project "
        "(the harness, the labs, their builds) above all. A server has no file to write; if yours must, "
        "write under std::filesystem::temp_directory_path().",
    "sanitizer-report":
        "A sanitizer found a bug in the program: its report is in the program's stderr above; the "
        "first lines say what, the SUMMARY line where. Fix it first: the other symptoms follow from it.",
    "terminate":
        "The program called std::terminate(): an exception nobody caught (asio calls without an "
        "error_code argument throw one), or a std::thread destroyed while still joinable (join or "
        "detach every thread). Its stderr above says which.",
    "crashed":
        "The program crashed. Run the command of step 1 under a debugger (gdb --args ...), or grade "
        "with --preset asan: AddressSanitizer names the bad memory access and where it happened.",
    "load-connections-failed":
        "Some of the many clients got no reply: their connection failed, or was closed or reset first. "
        "A listen() backlog too small for many clients connecting at once (use SOMAXCONN), or a "
        "server that cannot hold that many connections at once.",
    "compile-error":
        "Fix the first error first: the ones after it often follow from it.",
    # --- a reply to a message
    "echo-only":
        "The reply is the message alone, sent back as it came: an echo, with no \"at \" + timestamp + "
        "\" :\" in front. Each reply is \"at \", the time now in ctime()'s layout, \" :\", then the message "
        "(labkit::timestamp_reply() makes it in the labs; the seed's server, \"at %s :%s\" % (ctime(), data)).",
    "python-bytes":
        "The message came back as Python bytes, b'...': Python 3 formats a bytes object with "
        "\"%s\" as its repr. The seed's own server has this bug. Send the bytes you received as "
        "they are: b\"at \" + ctime().encode() + b\" :\" + data.",
    "book-layout":
        "The reply is in the layout of the book Core Python Programming (tsTserv.py: \"[%s] %s\" % "
        "(ctime(), data)). This course's protocol, from its own tutorial, is \"at \" + ctime() + "
        "\" :\" + message: no brackets, \"at \" first, \" :\" between the time and the message.",
    "book-layout-bytes":
        "Two mistakes: the reply is in the layout of the book Core Python Programming (\"[%s] %s\"); "
        "this course's is \"at \" + ctime() + \" :\" + message. And the message came back as "
        "Python bytes, b'...': Python 3 formats a bytes object with \"%s\" as its repr; send the "
        "bytes you received as they are.",
    "decodes-text":
        "The program decoded the bytes it received as text (UTF-8) and failed on bytes that are not "
        "text (UnicodeDecodeError): a message is bytes, and any bytes may come. Send them back as "
        "they came; decode only what you print, with errors=\"replace\".",
    "replies-whole-buffer":
        "The reply ends with NUL bytes: the server sent its whole buffer (sizeof buffer) instead of "
        "the bytes the reply holds. Send reply.size() bytes, the count recv() returned for the message.",
    "sends-whole-buffer":
        "The client sent its whole buffer (sizeof buffer, NUL bytes after the line) instead of the "
        "line: send exactly line.size() bytes.",
    "ctime-newline":
        "The timestamp ends with a newline: C's ctime() (and asctime()) put \"\\n\" at the end "
        "of the string they return. Cut it off, or use labkit::timestamp_reply().",
    "reply-layout":
        "A reply is exactly \"at \" + timestamp + \" :\" + message: \"at\" and a space first, then "
        "the 24-character timestamp, then a space and a colon, then the message.",
    "added-newline":
        "The reply ends with a line end the message did not have. Send the reply's bytes only: "
        "no \"\\n\" (or std::endl) goes into the socket.",
    "cut-at-nul":
        "The reply stops where the message has a NUL byte: the message was handled as a C string "
        "(strlen, printf(\"%s\"), std::string(buffer)). Use the count recv() (or recvfrom()) returned: "
        "std::string_view(buffer, received).",
    "reply-before-receive":
        "A reply came before the message was read: the first reply carried nothing (or the message "
        "before), and the reply to this message came after it. In the loop, recv() first, then send() "
        "the reply to what recv() returned; a reply sent before anything is received answers nothing.",
    "stale-buffer":
        "The reply carried the message and then the rest of an earlier, longer message, still in the "
        "buffer: the reply was made from the buffer up to a NUL byte (std::string(buffer), strlen(), "
        "printf(\"%s\")), not from the count recv() returned. Use that count: "
        "std::string_view(buffer, received).",
    "message-changed":
        "The bytes after \" :\" must be the message exactly as it arrived: no trimming, no "
        "re-encoding, nothing added.",
    "line-reply-end":
        "In the framed protocol a reply is a line too: \"at \" + timestamp + \" :\" + the line + "
        "\"\\n\". The \"\\n\" is what tells the client that the whole reply is in.",
    "small-buffer":
        "A 1024-byte message was answered in pieces or cut short: the receive buffer is smaller "
        "than 1024 bytes. Receive up to BUFSIZE = 1024 bytes at once, as the seed does.",
    "no-reply":
        "Nothing came back. Does the server call send() with the reply after each recv()? Is "
        "it still running (see the steps above)?",
    "closed-without-reply":
        "The server closed the connection instead of answering. Look at its exit status and "
        "stderr in the steps above: did it crash, or close the client socket right after recv()?",
    # --- framing: TCP is a byte stream
    "byte-stream":
        "TCP is a byte stream, not a message stream: one recv() may return part of a line, or "
        "several lines at once. Append what recv() returns to a buffer (labkit::LineBuffer) and "
        "answer each complete line, once its \"\\n\" is in.",
    "byte-stream-client":
        "TCP is a byte stream: a reply may come in several pieces. Keep calling recv() and "
        "appending to a buffer until the reply's \"\\n\" is in, then print the line once.",
    "partial-send":
        "Part of the data never arrived: send() may send fewer bytes than it is given (it returns "
        "how many). Loop until every byte is out (send_all).",
    "line-limit-too-small":
        "A line of 64 KiB must be accepted: the limit is 64 KiB (65536 bytes) without the \"\\n\".",
    "no-line-limit":
        "A line longer than 64 KiB must be refused: answer \"error: line too long\\n\" and close "
        "the connection (labkit::LineBuffer::too_long() tells), or a client can make the server "
        "buffer without end.",
    "line-limit-message":
        "For a line over 64 KiB send exactly \"error: line too long\\n\", then close. Close "
        "gracefully (shut down the sending side, read what is left, then close): closing with "
        "unread data resets the connection, and a reset can destroy the error line in flight.",
    "half-close":
        "recv() returning 0 means the client has stopped sending, not that it has gone: answer "
        "the lines received, then close the connection.",
    # --- the timestamp
    "timestamp-layout":
        "The timestamp must have the layout of C's ctime(): \"Wed Nov  5 09:03:07 2026\": "
        "weekday, month, day, time, year, 24 characters.",
    "zero-padded-day":
        "A day below 10 is padded with a space in ctime's layout (\"Nov  5\"), not a zero "
        "(\"Nov 05\").",
    "timestamp-once":
        "Each reply must carry the time it was made, and this one carries an earlier time: the "
        "timestamp is computed once (before the loop, when the connection was accepted, or for a "
        "client's first message) and sent again. Compute it for every message, right before the "
        "reply, as the seed's server calls ctime() inside its loop.",
    "timestamp-utc":
        "The timestamp is in UTC; the protocol sends local time (localtime_r / localtime_s, not "
        "gmtime).",
    "timestamp-wrong-time":
        "The timestamp is not the current time. Take the time when the message arrives "
        "(std::time(nullptr)), not once at start-up.",
    "timestamp-weekday":
        "The weekday does not match the date.",
    # --- a server's life
    "no-listening-line":
        "The server never printed \"listening on HOST:PORT\". Print it once listen() has "
        "succeeded, and flush (std::endl does): labkit::print_listening(server).",
    "listening-line-unflushed":
        "The server listens, but its \"listening on HOST:PORT\" line never reached the harness. When "
        "stdout is a pipe (as under the harness, or `| tee`), it is buffered until the buffer fills "
        "or the program exits: flush after printing the line (std::endl or std::flush; fflush(stdout) "
        "after printf; print(..., flush=True) in Python). labkit::print_listening(server) does.",
    "never-bound":
        "The server printed \"listening on 0.0.0.0:0\": its socket has no address yet, so bind() never "
        "ran (or failed without a word). bind() it to the --host and --port given, then listen(): the "
        "OS then chooses the port for --port 0, and the listening line shows it.",
    "listening-port-0":
        "The server printed port 0. With --port 0 the OS picks the port when you bind: read it "
        "back with getsockname() (labkit::print_listening does).",
    "exited-early":
        "The server exited before it was ready. Its exit status and stderr are in the steps above.",
    "dies-on-probe":
        "The server exited when the harness checked whether it was ready: with no {port} in its command, "
        "the harness sends a datagram, \"probe\", to the fixed port until it answers. Its stderr above "
        "says why: any bytes may come in a datagram, and no message may end the server.",
    "no-answer-on-fixed-port":
        "The command has no {port}, so the harness took the program to listen on the fixed port "
        "(--port, 21567 by default) and tried it: nothing answered there. Put {port} in the command "
        "where the program takes its port, or tell the harness the program's port with --port.",
    "server-ended-loop":
        "The server exited on its own, with status 0, while clients were still coming: its loop ended. "
        "A server accepts a client, serves it, closes that client's socket and goes back to accept() the "
        "next, until it is stopped (Ctrl+C, SIGTERM): is a `break` left in the loop, or does the loop not "
        "call accept() yet?",
    "server-exited":
        "The server exited in the middle of the check: its exit status and stderr are in the steps "
        "above. A server runs until it is stopped.",
    "not-accepting":
        "The server is running but a connection to it failed. Print the listening line only "
        "after listen() has succeeded, on the socket that was bound; and keep accepting.",
    "one-client":
        "The server served one client and then no more. Keep accepting in a loop (the seed's "
        "outer `while True`): after a client leaves, close its socket and accept() the next.",
    "one-message":
        "The server answered one message and then closed the connection. Keep calling recv() on "
        "the same client until it returns 0 (the seed's inner `while True`).",
    "socket-file-left":
        "The socket file is still there after the server stopped. Remove it once the listening "
        "socket is closed (labkit::remove_socket_file): the next server would find it in its way.",
    "stale-socket":
        "A socket file left by a crashed server makes bind() fail with \"Address already in use\". "
        "Before binding, connect() to it: if nobody answers, it is stale, remove it.",
    "removes-any-file":
        "The server removed an ordinary file at its --path: only a socket file may be removed "
        "(stat() it: S_ISSOCK; labkit::remove_socket_file checks). Any other file at the path is the "
        "user's mistake, and bind() fails on it: say \"cannot bind PATH: REASON\" and exit with "
        "status 1, and a typing mistake in --path never deletes somebody's source code.",
    "live-socket-taken":
        "A second server must not take the path of a live one: if a connect() to the socket file "
        "succeeds, a server is there; print \"PATH is in use\" on stderr and exit with status 1, "
        "and leave its file alone.",
    "threads-never-end":
        "The server still runs the threads of clients that left: a client's thread must end when recv() "
        "returns 0 (or fails), closing the client's socket on the way out. Else a server that runs for "
        "days runs out of threads, and of the memory of their stacks.",
    "replies-overlap":
        "With messages coming faster than they were answered, the replies came mixed up: a write started "
        "before the one before it had finished, or the reply's buffer was reused (by the next message) "
        "while a write still sent it. In asio, start the next read only in the completion handler of the "
        "write (one write at a time per socket), and keep each reply alive until its write completes.",
    "pipelined-stalled":
        "With messages coming faster than they were answered, the replies stopped: the server must go on "
        "reading while replies are on their way, and answer every byte it reads. A session that stops "
        "reading after an error it could ignore, or a reply lost when the next message came, does this.",
    "closed-with-replies-waiting":
        "The client shut down its sending side (a half-close) while replies to it still waited to be sent, "
        "and the server closed the connection at once: they were lost. recv() returning 0 means the client "
        "sends no more, not that it reads no more: stop reading it, send what waits for it, and close it "
        "only once all is sent. (If poll-server/short-writes fails too, the replies were dropped when send() "
        "took part of them: fix that first.)",
    "blocked-by-slow-reader":
        "While one client did not read its replies, another got no answer: the server blocked in send() on "
        "the slow client's socket, and with one thread, everyone waits with it. Make every client's socket "
        "non-blocking (labkit::set_non_blocking after accept()), keep what send() did not take in that "
        "client's buffer, and send it when poll() reports POLLOUT for it.",
    "partial-write-lost":
        "Part of the replies never came: send() took only some of the bytes (it may, on a socket that is "
        "full or non-blocking) and the rest was dropped. Keep what it did not take, erase from the front "
        "only what it sent, and send the rest next: with poll(), when it reports POLLOUT for that socket "
        "(in asio, asio::async_write sends it all).",
    "spins-when-idle":
        "The server used the CPU while nothing happened: a loop of it never waits. With poll(), it returned at "
        "once, again and again: a socket with room to send is always writable, so ask for POLLOUT only while "
        "replies wait for that client, and give poll() a timeout of -1 (or a real one), not 0. With a thread "
        "per client: a recv() loop that goes on after recv() returned 0 or failed.",
    "half-close-kept":
        "The client shut down its sending side (a half-close) and got its reply, but the connection never "
        "ended: when recv() returns 0 (asio: the error eof), end the connection at once, in the code that "
        "serves it (close or shut down the socket). A socket closed only later, at the next accept(), "
        "leaves the client waiting until someone else connects.",
    "descriptors-kept":
        "Once the crowd of clients had left, the server still answered no one. Out of file descriptors, "
        "accept() fails (EMFILE, \"Too many open files\") until a socket is closed: close each client's "
        "socket as soon as its client leaves (in its thread, or its handler), not at the next accept(), "
        "which cannot succeed; and after a failed accept(), keep accepting.",
    "accept-spins":
        "Out of file descriptors, accept() fails at once (EMFILE, \"Too many open files\") and the waiting "
        "connection stays queued, so a loop that tries again at once spins on a full CPU (and floods its "
        "log). After a failed accept(), wait a little (100 ms: a sleep, or an asio timer) before the next.",
    "replies-crossed":
        "Replies crossed between connections: a client got the reply meant for another. Something the "
        "threads share (the client's socket, the buffer) was changed by one while another used it: give "
        "each thread its own socket and buffer (pass the socket by value), share nothing without a lock.",
    "one-client-at-a-time":
        "The server serves one client at a time: while it waits in recv() for a silent client, "
        "nobody else is answered. Serve each connection in a thread of its own (lab 06) or "
        "asynchronously (lab 09).",
    "dies-on-reset":
        "The server stopped when a client reset its connection. recv() and send() then fail "
        "(ECONNRESET, EPIPE): that ends this client, not the server. On POSIX, SIGPIPE must be "
        "off (labkit::SocketLibrary does it) or a send() to a reset connection kills the server.",
    "bind-unchecked":
        "A second server on a busy port did not stop: its bind() failed and the program went on, and "
        "listen() on a socket that is not bound binds it to a free port on every address (0.0.0.0). "
        "Test bind()'s result: when it fails, print \"cannot bind HOST:PORT: REASON\" on stderr and "
        "exit with status 1.",
    "busy-port-shared":
        "A second server started on a port another server holds, and the two now share it "
        "(SO_REUSEADDR does that for UDP on Linux; SO_REUSEPORT for TCP too). A busy port must "
        "be an error: set no such option on a UDP socket.",
    "bind-error-message":
        "When bind() fails, print \"cannot bind HOST:PORT: REASON\" on stderr (REASON from "
        "labkit::last_error_text()) and exit with status 1.",
    "ignores-sigterm":
        "The server did not stop on SIGTERM (Ctrl+Break on Windows) within the time allowed. "
        "In labs 01-08: call labkit::stop_on_signal(server) before print_listening, and loop "
        "while !labkit::stop_requested(). With asio (lab 09): an asio::signal_set whose handler "
        "closes the sockets and stops the io_context.",
    "left-process":
        "The server started a process (fork(), or system() with \"&\", in a session of its own) that "
        "went on running after the server exited: whatever a server starts, it must stop before it "
        "exits (or start no process at all). The harness killed it.",
    "killed-by-signal":
        "SIGTERM killed the server before it could close its sockets and exit with status 0: "
        "handle the signal (labkit::stop_on_signal does) and let main() return 0.",
    "stop-status":
        "A stop on request is not an error: after SIGTERM or Ctrl+C the server should exit with "
        "status 0.",
    # --- clients
    "client-sends-newline":
        "The client sent the line end too. std::getline drops it; read another way, cut the "
        "\"\\n\" (and a Windows \"\\r\") before send().",
    "client-sends-no-newline":
        "In the framed protocol a message is a line: send it with its \"\\n\" (line + \"\\n\"), or "
        "the server cannot know that it has ended.",
    "client-output":
        "Print each reply as it came, on a line of its own, and nothing else on stdout (error "
        "messages go to stderr). A prompt \">\" is fine.",
    "client-prints-bytes":
        "The client printed the reply as a Python bytes literal (b'at ...'): print(data) shows the repr "
        "of bytes. Decode it first (data.decode()), or write the bytes as they are to sys.stdout.buffer.",
    "client-mojibake":
        "The reply's UTF-8 text came out garbled (\"ä½ å¥½\" for \"你好\"): its bytes were decoded as "
        "Latin-1 (or another one-byte encoding) and printed again as UTF-8. Print the bytes as they came "
        "(std::cout.write(data, count) in C++), with no conversion.",
    "udp-client-no-from":
        "The reply is right, but its sender is missing: print \"REPLY from HOST:PORT\", the address "
        "recvfrom() filled in (labkit::to_text(sender)), on the same line.",
    "client-no-connect":
        "The client never connected. Does it connect() to the --host and --port it was given?",
    "client-no-send":
        "The client connected but sent nothing. Read a line from stdin, then send() it.",
    "client-exited-early":
        "The client exited before it got that far: its exit status and stderr are in the steps above. A TODO "
        "not done yet, or an error it met?",
    "udp-client-no-send":
        "No datagram arrived. Does the client sendto() each line to the --host and --port it was "
        "given?",
    "client-blocked-reading":
        "The harness replied, and the client, still running, printed nothing of the reply: it is still "
        "waiting to read it. A read for a whole buffer (asio::read(), or a recv() loop until 1024 bytes "
        "are in) waits for bytes a short reply never sends: read once with read_some() (recv()), and "
        "print what came.",
    "client-ipv4-only":
        "The client never reached a server at an IPv6 address. A socket made with AF_INET cannot connect to ::1, "
        "and getaddrinfo() asked for AF_INET gives no IPv6 address at all: ask it for any family "
        "(hints.ai_family = AF_UNSPEC) and make each socket with the family of its address (address->ai_family).",
    "client-no-fallback":
        "The name's first address refused the connection and the client gave up. A name may have several "
        "addresses (localhost: ::1 and 127.0.0.1) and any of them may refuse: try each in turn (ai_next), closing "
        "the socket that failed, and give up only when none connects.",
    "client-resolve-message":
        "A name that cannot be resolved must give one line on stderr, \"cannot resolve NAME: \" and the reason, "
        "and exit status 1. getaddrinfo() returns its error code (it does not set errno): its words are "
        "gai_strerror(code), not strerror(errno).",
    "server-one-family":
        "The server did not answer at every address of localhost, or exited trying (its stderr above says "
        "where). getaddrinfo() with AI_PASSIVE gives each address to listen on (localhost: ::1 and 127.0.0.1, "
        "of two families; asked for AF_INET only, 127.0.0.1 twice): ask for AF_UNSPEC, make a listening socket for "
        "each address, of that address's family (ai_family), on the same port, and serve them all.",
    "v6only-default":
        "Given --host ::, the server answered IPv6 clients but refused IPv4 ones: its IPv6 socket took IPv6 only. "
        "That is Windows' default (the harness made it the default here too, where Linux's is the opposite): an "
        "IPv6 socket alone must be told to take IPv4 too, labkit::set_v6only(server, false), before bind().",
    "client-address-printed-wrong":
        "The server printed a client's address other than as it is. An IPv6 address goes in brackets, "
        "[::1]:PORT, and an IPv4 client of a dual-stack socket, which comes as ::ffff:127.0.0.1, is "
        "127.0.0.1:PORT: labkit::to_text(const sockaddr*) writes both.",
    "client-keeps-going":
        "An empty line ends the session: the client must then stop reading lines, close the connection "
        "and exit with status 0, as the seed's `if not data: break` does. Test for it before sending: an "
        "empty line sent is no bytes at all, and the client then waits for a reply that never comes.",
    "python-eof-traceback":
        "At the end of input the client crashed with EOFError: Python's input() raises it when "
        "stdin ends. Catch it and finish as for an empty line.",
    "client-spins-at-eof":
        "At the end of its input the client kept running, busy on the CPU: once std::getline fails, "
        "std::cin stays failed for good, and a loop that does not test it goes round forever. End the "
        "loop when reading a line fails, close the socket and exit with status 0.",
    "client-spins-when-closed":
        "After the server closed the connection the client kept running, busy on the CPU: on a closed "
        "connection recv() returns 0 at once, every time, and a loop that takes 0 for \"nothing yet\" goes "
        "round forever. When recv() returns 0, print \"connection closed by server\" on stderr and exit "
        "with status 1.",
    "client-spins":
        "The client kept running, busy on the CPU: a loop that never ends. At the end of input "
        "std::getline fails; when the server closes, recv() returns 0: both must end the loop.",
    "client-hangs":
        "The client kept running without exiting. At the end of input (std::getline fails) it "
        "must close its socket and exit with status 0.",
    "client-misses-close":
        "The server closed the connection, but the client did not say so and exit. recv() "
        "returning 0 means the server closed: print \"connection closed by server\" on stderr "
        "and exit with status 1.",
    "client-exit-status":
        "The exit status is part of the contract: 0 when the user ends the session, 1 after an "
        "error (refused connection, server gone, a UDP message never answered).",
    "client-refused-message":
        "When connect() fails, print \"cannot connect to HOST:PORT: REASON\" on stderr (REASON "
        "from labkit::last_error_text()) and exit with status 1.",
    "udp-no-timeout":
        "The client waited forever for a datagram that was lost: UDP never resends by itself. "
        "Give recvfrom() a timeout (labkit::set_receive_timeout) and send again, up to --retries "
        "times.",
    "udp-gives-up":
        "After the timeout, send the message again (up to --retries more times) before giving up.",
    "udp-small-buffer":
        "The long reply was cut short: a datagram larger than the receive buffer is truncated "
        "and the rest is lost (so it was printed cut, or, not ending with \" :\" + the line, taken "
        "for somebody else's reply and the line sent again). Receive into a 64 KiB buffer.",
    "udp-stale-reply":
        "The client printed the reply to an earlier line as the reply to the next one. UDP delivers "
        "late and duplicated datagrams: the first reply to a line you resent may come after the "
        "second, once you have moved on. Take a reply only if it answers the line you sent (it ends "
        "with \" :\" + your line), drop any other, and keep waiting for yours.",
    "udp-reply-address":
        "Print the sender of the reply as HOST:PORT (labkit::to_text), as in \"... from "
        "127.0.0.1:21567\"; Python prints a tuple ('127.0.0.1', 21567) if you print addr.",
    "udp-no-reply-message":
        "When no reply comes after every try, print \"no reply from HOST:PORT\" on stderr, go on "
        "with the next line, and exit with status 1 at the end.",
    "udp-no-reply":
        "No reply came back to the sender. Does the server sendto() a reply for every datagram, "
        "to the address recvfrom() filled in for it? Is it still running (see the steps above)?",
    "udp-wrong-address":
        "The reply did not go back to the sender of the datagram. Reply with sendto() to the "
        "address recvfrom() filled in for this very datagram.",
    "udp-truncated-datagram":
        "The reply was cut: the server's receive buffer is smaller than the datagram. Receive "
        "into a buffer of 8 KiB (the protocol's largest datagram).",
}

