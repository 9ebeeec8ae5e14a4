// short_io: a library the harness preloads into a program under test (LD_PRELOAD, Linux)
// to make its stream sockets behave as a busy network may: send() takes fewer bytes than
// it is given, recv() returns fewer than there are. Both are allowed at any time, and a
// program that ignores the count it gets back (no send loop, a line assumed whole) is
// wrong; on loopback it would never show.
//
//   LABS_SHORT_IO=SEED        shorten about 3 calls in 4, chosen by SEED (1 or more):
//                             the same program given the same input is cut the same way
//   LABS_SHORT_IO_EINTR=1     also fail about 1 call in 8 with EINTR, as a signal would
//   LABS_SHORT_IO_SENDS=1     cut only the sends (a protocol that takes what one recv()
//                             returns as a message, as lab 01's does, cannot have its
//                             receives cut)
//   LABS_V6ONLY=1             cut nothing, but make each new IPv6 socket take IPv6 only
//                             (IPV6_V6ONLY) until the program says otherwise: Windows'
//                             default, where Linux's is dual-stack (lab 10)
//
// Only stream sockets are touched: a datagram is sent and received whole or not at all,
// and stdout, files and pipes are left alone. Without LABS_SHORT_IO the calls pass through.
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <dlfcn.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <type_traits>

namespace {

std::uint64_t seed() {
    static const std::uint64_t value = [] {
        const char* text = std::getenv("LABS_SHORT_IO");
        return text ? std::strtoull(text, nullptr, 10) : 0;
    }();
    return value;
}

bool sends_only() {
    static const bool value = [] {
        const char* text = std::getenv("LABS_SHORT_IO_SENDS");
        return text && text[0] == '1';
    }();
    return value;
}

bool v6only_by_default() {
    static const bool value = [] {
        const char* text = std::getenv("LABS_V6ONLY");
        return text && text[0] == '1';
    }();
    return value;
}

bool with_eintr() {
    static const bool value = [] {
        const char* text = std::getenv("LABS_SHORT_IO_EINTR");
        return text && text[0] == '1';
    }();
    return value;
}

// The next number of a sequence fixed by the seed (splitmix64 of a shared counter).
std::uint64_t next_random() {
    static std::atomic<std::uint64_t> counter{0};
    std::uint64_t z = seed() * 0x9E3779B97F4A7C15ULL + ++counter * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

bool is_stream_socket(int fd) {
    int type = 0;
    socklen_t length = sizeof type;
    const int saved_errno = errno;
    const bool stream = getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) == 0 && type == SOCK_STREAM;
    errno = saved_errno;  // a file is not a socket: that failure is ours, not the program's
    return stream;
}

// What a call on `fd` for `length` bytes does: -1 (fail with EINTR), or the length to pass
// on, at most `length` (shorter about 3 times in 4). `sending`: it is a send, not a receive.
long long decide(bool sending, int fd, std::size_t length) {
    if (seed() == 0 || length == 0 || (sends_only() && !sending) || !is_stream_socket(fd))
        return static_cast<long long>(length);
    const std::uint64_t random = next_random();
    if (with_eintr() && random % 8 == 0) return -1;
    if (length == 1 || random % 4 == 0) return static_cast<long long>(length);
    return static_cast<long long>(1 + (random >> 8) % (length - 1));
}

template <typename Function>
Function real(Function, const char* name) {
    return reinterpret_cast<Function>(dlsym(RTLD_NEXT, name));
}

// The calls that move one buffer: its length shortened as decided.
template <typename Function, typename Buffer, typename... Rest>
ssize_t shortened(Function function, int fd, Buffer buffer, std::size_t length, Rest... rest) {
    const long long allowed = decide(std::is_const_v<std::remove_pointer_t<Buffer>>, fd, length);
    if (allowed < 0) {
        errno = EINTR;
        return -1;
    }
    return function(fd, buffer, static_cast<std::size_t>(allowed), rest...);
}

constexpr std::size_t most_parts = 64;  // a message in more buffers than this passes whole

// The calls that move a message of several buffers: it is passed on with a copy of its
// array of buffers, cut after the bytes allowed.
template <typename Function, typename Message>
ssize_t shortened_message(Function function, int fd, Message* message, int flags) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < message->msg_iovlen; ++i) length += message->msg_iov[i].iov_len;
    if (message->msg_iovlen > most_parts) return function(fd, message, flags);
    const long long allowed = decide(std::is_const_v<Message>, fd, length);
    if (allowed < 0) {
        errno = EINTR;
        return -1;
    }
    iovec parts[most_parts];
    msghdr cut = *message;
    cut.msg_iov = parts;
    cut.msg_iovlen = 0;
    for (std::size_t left = static_cast<std::size_t>(allowed); left > 0; ++cut.msg_iovlen) {
        parts[cut.msg_iovlen] = message->msg_iov[cut.msg_iovlen];
        if (parts[cut.msg_iovlen].iov_len > left) parts[cut.msg_iovlen].iov_len = left;
        left -= parts[cut.msg_iovlen].iov_len;
    }
    const ssize_t result = function(fd, &cut, flags);
    if constexpr (!std::is_const_v<Message>) {  // what recvmsg() tells of the message received
        message->msg_namelen = cut.msg_namelen;
        message->msg_controllen = cut.msg_controllen;
        message->msg_flags = cut.msg_flags;
    }
    return result;
}

}  // namespace

extern "C" {

int socket(int domain, int type, int protocol) {
    static const auto next = real(&socket, "socket");
    const int fd = next(domain, type, protocol);
    if (fd >= 0 && domain == AF_INET6 && v6only_by_default()) {
        const int on = 1;
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on);
    }
    return fd;
}

ssize_t send(int fd, const void* buffer, std::size_t length, int flags) {
    static const auto next = real(&send, "send");
    return shortened(next, fd, buffer, length, flags);
}

ssize_t recv(int fd, void* buffer, std::size_t length, int flags) {
    static const auto next = real(&recv, "recv");
    return shortened(next, fd, buffer, length, flags);
}

ssize_t sendto(int fd, const void* buffer, std::size_t length, int flags, const sockaddr* to, socklen_t size) {
    static const auto next = real(&sendto, "sendto");
    return shortened(next, fd, buffer, length, flags, to, size);
}

ssize_t recvfrom(int fd, void* buffer, std::size_t length, int flags, sockaddr* from, socklen_t* size) {
    static const auto next = real(&recvfrom, "recvfrom");
    return shortened(next, fd, buffer, length, flags, from, size);
}

ssize_t write(int fd, const void* buffer, std::size_t length) {
    static const auto next = real(&write, "write");
    return shortened(next, fd, buffer, length);
}

ssize_t read(int fd, void* buffer, std::size_t length) {
    static const auto next = real(&read, "read");
    return shortened(next, fd, buffer, length);
}

ssize_t sendmsg(int fd, const msghdr* message, int flags) {
    static const auto next = real(&sendmsg, "sendmsg");
    return shortened_message(next, fd, message, flags);
}

ssize_t recvmsg(int fd, msghdr* message, int flags) {
    static const auto next = real(&recvmsg, "recvmsg");
    return shortened_message(next, fd, message, flags);
}

}  // extern "C"
