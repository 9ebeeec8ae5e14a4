"""Idle and active clients at once, measured, not tested: 10,000 connections that each get
one reply and then stay silent, then 100 clients that send 20 messages each, every reply
checked. Run it from the repository's root, after a build, with a server's path:

    python3 -m tests.harness.bench_idle_active build/default/solutions/11-poll-server/poll_server

It needs about 10,200 open files in this process and in the server (`ulimit -n`)."""

import os
import re
import socket
import subprocess
import sys
import threading
import time

IDLE, ACTIVE, MESSAGES = 10000, 100, 20
TIMEOUT = 20  # seconds, for any one connect or reply


def main(server_path):
    server = subprocess.Popen([server_path, "--port", "0"], stdout=subprocess.PIPE)
    try:
        port = int(re.search(rb":(\d+)$", server.stdout.readline().strip()).group(1))
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()  # its log, drained
        started, idle, wrong = time.monotonic(), [], 0
        for _ in range(IDLE):  # one at a time, each answered: a burst would only measure the accept queue
            sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
            sock.sendall(b"hi")
            wrong += not sock.recv(100).endswith(b" :hi")
            idle.append(sock)
        print("{} idle connections opened and answered in {:.1f} s; wrong replies: {}".format(
            IDLE, time.monotonic() - started, wrong))
        results, lock = [], threading.Lock()

        def active(number):
            right, slowest = 0, 0.0
            with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT) as sock:
                for count in range(MESSAGES):
                    message = "client {} message {}".format(number, count).encode()
                    sent = time.monotonic()
                    sock.sendall(message)
                    reply = sock.recv(200)
                    slowest = max(slowest, time.monotonic() - sent)
                    right += reply.startswith(b"at ") and reply.endswith(b" :" + message)
            with lock:
                results.append((right, slowest))
        started = time.monotonic()
        threads = [threading.Thread(target=active, args=(number,)) for number in range(ACTIVE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print("{} active clients x {} messages beside them: {}/{} replies right in {:.1f} s, slowest round trip "
              "{:.0f} ms".format(ACTIVE, MESSAGES, sum(right for right, _ in results), ACTIVE * MESSAGES,
                                 time.monotonic() - started, 1000 * max(slowest for _, slowest in results)))
        status = open("/proc/{}/status".format(server.pid)).read()
        threads_now, resident = (re.search(field + r":\s+(\d+)", status).group(1) for field in ("Threads", "VmRSS"))
        print("the server: {} threads, {} kB resident".format(threads_now, resident))
    finally:
        server.terminate()
        server.wait(5)


if __name__ == "__main__":
    if len(sys.argv) != 2 or not os.access(sys.argv[1], os.X_OK):
        sys.exit("usage: python3 -m tests.harness.bench_idle_active SERVER (a built server program, e.g. "
                 "build/default/solutions/11-poll-server/poll_server)")
    main(sys.argv[1])
