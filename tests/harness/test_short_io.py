"""tools/short_io.cpp, preloaded into a program: its stream socket calls come up short, the
same way for the same seed; datagrams, pipes and a program without the seed are left alone."""

import json
import os
import subprocess
import sys
import textwrap
import unittest

from harness import sandbox, tools

# A program that reports the counts its calls returned. ctypes calls libc's send() itself:
# Python's socket methods retry on EINTR (PEP 475), which would hide it.
PROGRAM = textwrap.dedent("""
    import ctypes, json, os, socket
    libc = ctypes.CDLL(None, use_errno=True)
    def raw_send(sock, data):
        count = libc.send(sock.fileno(), data, len(data), 0)
        return count if count >= 0 else "E{}".format(ctypes.get_errno())
    stream, peer = socket.socketpair()
    dgram, dpeer = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
    read_end, write_end = os.pipe()
    counts = {
        "send": [stream.send(b"x" * 1000) for _ in range(20)],
        "raw_send": [raw_send(stream, b"y" * 100) for _ in range(40)],
        "sendmsg": [stream.sendmsg([b"a" * 300, b"b" * 300]) for _ in range(20)],
        "datagram": [dgram.send(b"z" * 1000) for _ in range(10)],
        "pipe": [os.write(write_end, b"p" * 1000) for _ in range(10)],
    }
    counts["recv"] = [len(peer.recv(1000)) for _ in range(20)]
    print(json.dumps(counts))
""")


def counts(seed=None, eintr=False):
    env = dict(os.environ)
    if seed is not None:
        env.update(sandbox.short_io_environment(env, tools.short_io(), seed))
        env.pop("ASAN_OPTIONS")
    else:
        env["LD_PRELOAD"] = tools.short_io()
    if eintr:
        env["LABS_SHORT_IO_EINTR"] = "1"
    done = subprocess.run([sys.executable, "-c", PROGRAM], env=env, stdout=subprocess.PIPE, timeout=60, check=True)
    return json.loads(done.stdout)


@unittest.skipUnless(sys.platform.startswith("linux"), "short_io is preloaded with LD_PRELOAD: Linux only")
class ShortIo(unittest.TestCase):
    def test_stream_sends_and_receives_come_up_short_now_and_then(self):
        found = counts(seed=2026)
        for call, asked in (("send", 1000), ("raw_send", 100), ("sendmsg", 600), ("recv", 1000)):
            with self.subTest(call=call):
                self.assertTrue(all(1 <= count <= asked for count in found[call]), found[call])
                shorter = sum(count < asked for count in found[call])
                self.assertGreater(shorter, len(found[call]) // 2, found[call])
                self.assertLess(shorter, len(found[call]), found[call])

    def test_the_same_seed_cuts_the_same_way(self):
        self.assertEqual(counts(seed=7), counts(seed=7))
        self.assertNotEqual(counts(seed=7)["send"], counts(seed=8)["send"])

    def test_datagrams_and_pipes_are_left_whole(self):
        found = counts(seed=2026)
        self.assertEqual(found["datagram"], [1000] * 10)
        self.assertEqual(found["pipe"], [1000] * 10)

    def test_without_a_seed_nothing_changes(self):
        found = counts()
        self.assertEqual(found["send"], [1000] * 20)
        self.assertEqual(found["sendmsg"], [600] * 20)

    def test_eintr_now_and_then_when_asked(self):
        import errno
        interrupted = "E{}".format(errno.EINTR)
        self.assertNotIn(interrupted, counts(seed=2026)["raw_send"])
        self.assertIn(interrupted, counts(seed=2026, eintr=True)["raw_send"])

    def test_v6only_makes_ipv6_sockets_ipv6_only_until_told_otherwise_and_cuts_nothing(self):
        program = textwrap.dedent("""
            import json, socket
            def v6only(told=None):
                with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
                    if told is not None:
                        sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, told)
                    return sock.getsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY)
            stream, peer = socket.socketpair()
            print(json.dumps([v6only(), v6only(0), stream.send(b"x" * 1000)]))
        """)
        env = dict(os.environ)
        env.update(sandbox.short_io_environment(env, tools.short_io(), 2026, "v6only"))
        env.pop("ASAN_OPTIONS")
        done = subprocess.run([sys.executable, "-c", program], env=env, stdout=subprocess.PIPE, timeout=60, check=True)
        self.assertEqual(json.loads(done.stdout), [1, 0, 1000])


if __name__ == "__main__":
    unittest.main()
