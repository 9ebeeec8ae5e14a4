// The few things BSD sockets do differently on POSIX and on Windows (Winsock).
// None of them is the lesson, so labkit hides them; every socket call itself
// (socket, bind, listen, accept, connect, send, recv, sendto, recvfrom) is yours.
#pragma once

#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#include <afunix.h>  // AF_UNIX, Windows 10 1803 and later
#else
#include <arpa/inet.h>
#include <netdb.h>  // getaddrinfo
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#endif

#include <cstddef>
#include <cstdint>
#include <string>

namespace labkit {

#ifdef _WIN32
using socket_t = SOCKET;  // a socket handle: SOCKET on Windows, a file descriptor elsewhere
inline constexpr socket_t invalid_socket = INVALID_SOCKET;  // what socket() and accept() return on failure
inline constexpr int shut_both = SD_BOTH;   // shutdown(): no more sending nor receiving
inline constexpr int shut_write = SD_SEND;  // shutdown(): no more sending (the peer reads an end)
#else
using socket_t = int;
inline constexpr socket_t invalid_socket = -1;
inline constexpr int shut_both = SHUT_RDWR;
inline constexpr int shut_write = SHUT_WR;
#endif

// Makes sockets usable for as long as it lives: starts Winsock on Windows (WSAStartup,
// then WSACleanup), and on POSIX turns SIGPIPE off, so sending to a peer that has gone
// away is an error send() returns instead of a signal that kills the program.
class SocketLibrary {
public:
    SocketLibrary();
    ~SocketLibrary();
    SocketLibrary(const SocketLibrary&) = delete;
    SocketLibrary& operator=(const SocketLibrary&) = delete;
};

// Closes a socket: close() on POSIX, closesocket() on Windows.
void close_socket(socket_t socket);

// The error code of the socket call that failed last: errno, or WSAGetLastError().
int last_error();

// The OS reason for an error code, in the same words on every platform for the errors
// a socket program meets most ("Connection refused", "Address already in use", ...).
std::string error_text(int code);

// error_text(last_error()).
std::string last_error_text();

// For a TCP server: lets a restarted server bind its port while connections of its last
// run linger in TIME_WAIT (SO_REUSEADDR on POSIX). On Windows, where a plain bind already
// allows that, it asks for the port exclusively instead (SO_EXCLUSIVEADDRUSE): there
// SO_REUSEADDR would let two servers share a port, and a busy port must be an error
// everywhere. Not for UDP: on Linux SO_REUSEADDR lets two UDP sockets share a port.
void reuse_address(socket_t socket);

// Makes recv()/recvfrom() on `socket` give up after `seconds` (SO_RCVTIMEO, which takes a
// timeval on POSIX but milliseconds on Windows; a time too short for either is rounded up,
// as 0 would mean "never"). Returns false if the OS refused.
bool set_receive_timeout(socket_t socket, double seconds);

// Makes `socket` non-blocking: a call on it that would have to wait (accept, recv, send)
// fails at once instead, and would_block() tells so (fcntl's O_NONBLOCK on POSIX,
// ioctlsocket's FIONBIO on Windows). A socket accept() returns may not inherit it: set it
// on each. Returns false if the OS refused.
bool set_non_blocking(socket_t socket);

// True if the socket call that failed last did so only because it would have had to
// wait (EWOULDBLOCK or EAGAIN; WSAEWOULDBLOCK on Windows): nothing is wrong, try again
// when poll says the socket is ready.
bool would_block();

// poll() on POSIX, WSAPoll() on Windows (same pollfd, same POLLIN and POLLOUT): waits
// until one of the `count` sockets is ready for what its `events` ask, or `timeout_ms`
// milliseconds pass (-1: no limit). Returns how many are ready (each has `revents`),
// 0 after the timeout, or -1 on failure (interrupted by a signal: EINTR).
int poll_sockets(pollfd* sockets, std::size_t count, int timeout_ms);

// The IPv4 address HOST:PORT (the seed's ADDR = (HOST, PORT)): sin_family AF_INET,
// sin_port htons(port), sin_addr from inet_pton(host). `host` must be an IPv4 address
// in dotted form; the command-line options have already checked that it is.
sockaddr_in make_address(const std::string& host, std::uint16_t port);

// "HOST:PORT" for an IPv4 address, as the programs print it: "127.0.0.1:21567".
std::string to_text(const sockaddr_in& address);

// The same for an address of either family, as getaddrinfo(), accept() and getsockname()
// give them: "127.0.0.1:21567", or "[::1]:21567" for IPv6 (the brackets keep the port
// apart from the address's own colons). An IPv4 client of a dual-stack IPv6 socket comes
// as an IPv4-mapped address, ::ffff:127.0.0.1: it is written as the IPv4 address it is.
std::string to_text(const sockaddr* address);

// For an IPv6 socket, before bind(): only=true, it takes IPv6 only; false, IPv4 too (as
// IPv4-mapped addresses), a "dual-stack" socket. Set it explicitly: the default is false
// on Linux but true on Windows (and the setsockopt() value a char* there). Returns false
// if the OS refused.
bool set_v6only(socket_t socket, bool only);

// The AF_UNIX address of the socket file `path` (sun_family AF_UNIX, sun_path the path).
// A path too long for sun_path (about 100 bytes) is an error: the program exits.
sockaddr_un make_unix_address(const std::string& path);

// Removes the socket file `path` if it is one, as a server does when it stops; a file
// that is not a socket is left alone. Returns true if a socket file was removed.
bool remove_socket_file(const std::string& path);

}  // namespace labkit
