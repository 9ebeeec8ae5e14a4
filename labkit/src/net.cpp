#include "labkit/net.hpp"

#include "labkit/cli.hpp"

#include <algorithm>
#include <system_error>

#include <cstring>

#ifdef _WIN32
#include <cstdio>
#else
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>
#endif

namespace labkit {

#ifdef _WIN32

SocketLibrary::SocketLibrary() {
    WSADATA data;
    if (const int code = WSAStartup(MAKEWORD(2, 2), &data); code != 0)
        exit_with_error("cannot start Winsock: " + error_text(code));
}

SocketLibrary::~SocketLibrary() {
    WSACleanup();
}

void close_socket(socket_t socket) {
    closesocket(socket);
}

int last_error() {
    return WSAGetLastError();
}

std::string error_text(int code) {
    // Winsock's own messages are long sentences; these read as they do on POSIX.
    switch (code) {
    case WSAECONNREFUSED: return "Connection refused";
    case WSAEADDRINUSE: return "Address already in use";
    case WSAEADDRNOTAVAIL: return "Cannot assign requested address";
    case WSAECONNRESET: return "Connection reset by peer";
    case WSAECONNABORTED: return "Software caused connection abort";
    case WSAETIMEDOUT: return "Connection timed out";
    case WSAEACCES: return "Permission denied";
    case WSAENETUNREACH: return "Network is unreachable";
    case WSAEHOSTUNREACH: return "No route to host";
    case WSAEINTR: return "Interrupted system call";
    case WSAEMSGSIZE: return "Message too long";
    case WSAEAFNOSUPPORT: return "Address family not supported by protocol";
    default: break;
    }
    char text[512] = {};
    const DWORD length = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                                        nullptr, static_cast<DWORD>(code), 0, text, sizeof text, nullptr);
    std::string message(text, length);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == '.'))
        message.pop_back();
    return message.empty() ? "Winsock error " + std::to_string(code) : message;
}

void reuse_address(socket_t socket) {
    const BOOL on = TRUE;
    setsockopt(socket, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&on), sizeof on);
}

bool remove_socket_file(const std::string& path) {
    // On Windows an AF_UNIX socket file is a reparse point of its own kind; a symbolic link
    // or a junction is a reparse point too, and must be left alone.
    constexpr DWORD af_unix_tag = 0x80000023;  // IO_REPARSE_TAG_AF_UNIX
    WIN32_FIND_DATAA found{};
    const HANDLE search = FindFirstFileA(path.c_str(), &found);
    if (search == INVALID_HANDLE_VALUE) return false;
    FindClose(search);
    if (!(found.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) || found.dwReserved0 != af_unix_tag) return false;
    return DeleteFileA(path.c_str()) != 0;
}

bool set_receive_timeout(socket_t socket, double seconds) {
    // At least 1 ms: 0 would mean no timeout at all.
    const DWORD milliseconds = std::max<DWORD>(1, static_cast<DWORD>(seconds * 1000));
    return setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, reinterpret_cast<const char*>(&milliseconds),
                      sizeof milliseconds) == 0;
}

bool set_non_blocking(socket_t socket) {
    u_long on = 1;
    return ioctlsocket(socket, FIONBIO, &on) == 0;
}

bool would_block() {
    return WSAGetLastError() == WSAEWOULDBLOCK;
}

int poll_sockets(pollfd* sockets, std::size_t count, int timeout_ms) {
    return WSAPoll(sockets, static_cast<ULONG>(count), timeout_ms);
}

#else

SocketLibrary::SocketLibrary() {
    std::signal(SIGPIPE, SIG_IGN);
}

SocketLibrary::~SocketLibrary() = default;

void close_socket(socket_t socket) {
    ::close(socket);
}

int last_error() {
    return errno;
}

std::string error_text(int code) {
    return std::system_category().message(code);
}

void reuse_address(socket_t socket) {
    const int on = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
}

bool remove_socket_file(const std::string& path) {
    struct stat status {};
    if (lstat(path.c_str(), &status) != 0 || !S_ISSOCK(status.st_mode)) return false;
    return unlink(path.c_str()) == 0;
}

bool set_receive_timeout(socket_t socket, double seconds) {
    timeval timeout{};
    timeout.tv_sec = static_cast<time_t>(seconds);
    timeout.tv_usec = static_cast<suseconds_t>((seconds - static_cast<double>(timeout.tv_sec)) * 1e6);
    if (timeout.tv_sec == 0 && timeout.tv_usec == 0) timeout.tv_usec = 1;  // 0 would mean no timeout at all
    return setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout) == 0;
}

bool set_non_blocking(socket_t socket) {
    const int flags = fcntl(socket, F_GETFL, 0);
    return flags >= 0 && fcntl(socket, F_SETFL, flags | O_NONBLOCK) == 0;
}

bool would_block() {
    return errno == EWOULDBLOCK || errno == EAGAIN;
}

int poll_sockets(pollfd* sockets, std::size_t count, int timeout_ms) {
    return ::poll(sockets, static_cast<nfds_t>(count), timeout_ms);
}

#endif

std::string last_error_text() {
    return error_text(last_error());
}

sockaddr_in make_address(const std::string& host, std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1)
        exit_with_error("not an IPv4 address: " + host);
    return address;
}

sockaddr_un make_unix_address(const std::string& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof address.sun_path)
        exit_with_error("cannot use " + path + " as a socket path: it must have 1 to " +
                        std::to_string(sizeof address.sun_path - 1) + " bytes");
    std::memcpy(address.sun_path, path.data(), path.size());
    return address;
}

std::string to_text(const sockaddr_in& address) {
    char host[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, &address.sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(address.sin_port));
}

std::string to_text(const sockaddr* address) {
    if (address->sa_family == AF_INET) return to_text(*reinterpret_cast<const sockaddr_in*>(address));
    if (address->sa_family != AF_INET6) return "(an address of family " + std::to_string(address->sa_family) + ")";
    const auto& ipv6 = *reinterpret_cast<const sockaddr_in6*>(address);
    const std::string port = std::to_string(ntohs(ipv6.sin6_port));
    if (IN6_IS_ADDR_V4MAPPED(&ipv6.sin6_addr)) {  // its last 4 bytes are the IPv4 address
        char host[INET_ADDRSTRLEN] = {};
        inet_ntop(AF_INET, &ipv6.sin6_addr.s6_addr[12], host, sizeof host);
        return std::string(host) + ":" + port;
    }
    char host[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, &ipv6.sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + port;
}

bool set_v6only(socket_t socket, bool only) {
#ifdef _WIN32
    const DWORD value = only ? 1 : 0;
    return setsockopt(socket, IPPROTO_IPV6, IPV6_V6ONLY, reinterpret_cast<const char*>(&value), sizeof value) == 0;
#else
    const int value = only ? 1 : 0;
    return setsockopt(socket, IPPROTO_IPV6, IPV6_V6ONLY, &value, sizeof value) == 0;
#endif
}

}  // namespace labkit
