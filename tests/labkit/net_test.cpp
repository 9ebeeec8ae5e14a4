#include "labkit/net.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <utility>

#ifndef _WIN32
#include <unistd.h>
#endif

namespace {

class Sockets : public ::testing::Test {
protected:
    labkit::SocketLibrary library_;
};

#ifdef _WIN32
constexpr int connection_refused = WSAECONNREFUSED;
constexpr int address_in_use = WSAEADDRINUSE;
#else
constexpr int connection_refused = ECONNREFUSED;
constexpr int address_in_use = EADDRINUSE;
#endif

TEST(ErrorText, NamesTheCommonErrorsAsPosixDoes) {
    EXPECT_EQ(labkit::error_text(connection_refused), "Connection refused");
    EXPECT_EQ(labkit::error_text(address_in_use), "Address already in use");
}

TEST(Address, IsBuiltInNetworkByteOrderAndPrintedAsHostColonPort) {
    const sockaddr_in address = labkit::make_address("127.0.0.1", 21567);
    EXPECT_EQ(address.sin_family, AF_INET);
    EXPECT_EQ(address.sin_port, htons(21567));
    EXPECT_EQ(address.sin_addr.s_addr, htonl(INADDR_LOOPBACK));
    EXPECT_EQ(labkit::to_text(address), "127.0.0.1:21567");
    EXPECT_EQ(labkit::to_text(labkit::make_address("0.0.0.0", 0)), "0.0.0.0:0");
}

TEST(Address, ThatIsNotIpv4IsAnError) {
    EXPECT_EXIT(labkit::make_address("localhost", 1), ::testing::ExitedWithCode(1),
                "not an IPv4 address: localhost");
}

// Binds a fresh socket of `type` to 127.0.0.1:port; returns it, or invalid_socket with the error.
labkit::socket_t bound_socket(int type, std::uint16_t port, int& error) {
    const labkit::socket_t socket = ::socket(AF_INET, type, 0);
    labkit::reuse_address(socket);
    const sockaddr_in address = labkit::make_address("127.0.0.1", port);
    if (bind(socket, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        error = labkit::last_error();
        labkit::close_socket(socket);
        return labkit::invalid_socket;
    }
    return socket;
}

TEST_F(Sockets, ABusyPortIsAnErrorEvenWithReuseAddress) {
    int error = 0;
    const labkit::socket_t first = bound_socket(SOCK_STREAM, 0, error);
    ASSERT_NE(first, labkit::invalid_socket);
    ASSERT_EQ(listen(first, 1), 0);
    sockaddr_in address{};
    socklen_t length = sizeof address;
    getsockname(first, reinterpret_cast<sockaddr*>(&address), &length);

    EXPECT_EQ(bound_socket(SOCK_STREAM, ntohs(address.sin_port), error), labkit::invalid_socket);
    EXPECT_EQ(labkit::error_text(error), "Address already in use");
    labkit::close_socket(first);
}

TEST_F(Sockets, ARefusedConnectionSaysConnectionRefused) {
    int error = 0;
    // A bound socket that does not listen holds the port, and nothing accepts on it.
    const labkit::socket_t holder = bound_socket(SOCK_STREAM, 0, error);
    sockaddr_in address{};
    socklen_t length = sizeof address;
    getsockname(holder, reinterpret_cast<sockaddr*>(&address), &length);

    const labkit::socket_t client = ::socket(AF_INET, SOCK_STREAM, 0);
    ASSERT_NE(connect(client, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    EXPECT_EQ(labkit::last_error_text(), "Connection refused");
    labkit::close_socket(client);
    labkit::close_socket(holder);
}

TEST_F(Sockets, AReceiveTimeoutEndsAWaitThatGetsNothing) {
    int error = 0;
    const labkit::socket_t socket = bound_socket(SOCK_DGRAM, 0, error);
    ASSERT_TRUE(labkit::set_receive_timeout(socket, 0.2));
    char byte = 0;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_LT(recv(socket, &byte, 1, 0), 0);
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, std::chrono::milliseconds(150));
    EXPECT_LT(waited, std::chrono::seconds(5));
    labkit::close_socket(socket);
}

// A connected pair of TCP sockets on loopback: {the client's, the server's}.
std::pair<labkit::socket_t, labkit::socket_t> connected_pair() {
    int error = 0;
    const labkit::socket_t listener = bound_socket(SOCK_STREAM, 0, error);
    listen(listener, 1);
    sockaddr_in address{};
    socklen_t length = sizeof address;
    getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    const labkit::socket_t client = ::socket(AF_INET, SOCK_STREAM, 0);
    connect(client, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    const labkit::socket_t server = accept(listener, nullptr, nullptr);
    labkit::close_socket(listener);
    return {client, server};
}

TEST_F(Sockets, ANonBlockingSocketWithNothingToReadSaysItWouldBlock) {
    const auto [client, server] = connected_pair();
    ASSERT_TRUE(labkit::set_non_blocking(server));
    char byte = 0;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_LT(recv(server, &byte, 1, 0), 0);
    EXPECT_TRUE(labkit::would_block());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    labkit::close_socket(client);
    labkit::close_socket(server);
}

TEST_F(Sockets, PollTellsWhichSocketIsReadable) {
    const auto [client, server] = connected_pair();
    pollfd watched[] = {{server, POLLIN, 0}, {client, POLLIN, 0}};
    EXPECT_EQ(labkit::poll_sockets(watched, 2, 50), 0);  // nothing sent yet: the timeout
    ASSERT_EQ(send(client, "x", 1, 0), 1);
    EXPECT_EQ(labkit::poll_sockets(watched, 2, 5000), 1);
    EXPECT_TRUE(watched[0].revents & POLLIN);
    EXPECT_EQ(watched[1].revents, 0);
    watched[1].events = POLLOUT;  // an empty send buffer: writable at once
    EXPECT_EQ(labkit::poll_sockets(watched, 2, 5000), 2);
    EXPECT_TRUE(watched[1].revents & POLLOUT);
    labkit::close_socket(client);
    labkit::close_socket(server);
}

TEST_F(Sockets, AReceiveTimeoutTooShortToExpressStillEndsTheWait) {
    int error = 0;
    const labkit::socket_t socket = bound_socket(SOCK_DGRAM, 0, error);
    ASSERT_TRUE(labkit::set_receive_timeout(socket, 1e-9));  // rounds to 0 ("never") unless rounded up
    char byte = 0;
    const auto start = std::chrono::steady_clock::now();
    EXPECT_LT(recv(socket, &byte, 1, 0), 0);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    labkit::close_socket(socket);
}

}  // namespace

namespace {

// An address of either family, as getaddrinfo() gives it.
sockaddr_storage resolved(const char* host, int family) {
    addrinfo hints{};
    hints.ai_family = family;
    hints.ai_flags = AI_NUMERICHOST;
    addrinfo* found = nullptr;
    sockaddr_storage address{};
    if (getaddrinfo(host, "21567", &hints, &found) == 0) {
        std::memcpy(&address, found->ai_addr, found->ai_addrlen);
        freeaddrinfo(found);
    }
    return address;
}

TEST_F(Sockets, AnAddressOfEitherFamilyIsPrintedAsProgramsPrintIt) {
    sockaddr_storage ipv4 = resolved("127.0.0.1", AF_INET);
    sockaddr_storage ipv6 = resolved("::1", AF_INET6);
    sockaddr_storage mapped = resolved("::ffff:127.0.0.1", AF_INET6);  // an IPv4 client of a dual-stack socket
    EXPECT_EQ(labkit::to_text(reinterpret_cast<sockaddr*>(&ipv4)), "127.0.0.1:21567");
    EXPECT_EQ(labkit::to_text(reinterpret_cast<sockaddr*>(&ipv6)), "[::1]:21567");
    EXPECT_EQ(labkit::to_text(reinterpret_cast<sockaddr*>(&mapped)), "127.0.0.1:21567");
}

TEST_F(Sockets, AnIpv6SocketTakesIpv6OnlyOrBothAsItIsTold) {
    for (const bool only : {true, false}) {
        const labkit::socket_t socket6 = socket(AF_INET6, SOCK_STREAM, 0);
        if (socket6 == labkit::invalid_socket) GTEST_SKIP() << "no IPv6 here";
        ASSERT_TRUE(labkit::set_v6only(socket6, only));
#ifdef _WIN32
        DWORD value = 2;
#else
        int value = 2;
#endif
        socklen_t length = sizeof value;
        ASSERT_EQ(getsockopt(socket6, IPPROTO_IPV6, IPV6_V6ONLY, reinterpret_cast<char*>(&value), &length), 0);
        EXPECT_EQ(value != 0, only);
        labkit::close_socket(socket6);
    }
}


TEST(UnixAddress, HoldsThePath) {
    const sockaddr_un address = labkit::make_unix_address("/tmp/lab.sock");
    EXPECT_EQ(address.sun_family, AF_UNIX);
    EXPECT_STREQ(address.sun_path, "/tmp/lab.sock");
}

TEST(UnixAddress, ThatIsTooLongIsAnError) {
    EXPECT_EXIT(labkit::make_unix_address(std::string(200, 'x')), ::testing::ExitedWithCode(1),
                "cannot use x+ as a socket path: it must have 1 to .+ bytes");
}

#ifndef _WIN32
TEST_F(Sockets, RemoveSocketFileRemovesASocketFileAndNothingElse) {
    char folder[] = "/tmp/labkit-test-XXXXXX";
    ASSERT_NE(mkdtemp(folder), nullptr);
    const std::string socket_path = std::string(folder) + "/s.sock";
    const std::string plain_path = std::string(folder) + "/plain.txt";

    const labkit::socket_t socket = ::socket(AF_UNIX, SOCK_STREAM, 0);
    const sockaddr_un address = labkit::make_unix_address(socket_path);
    ASSERT_EQ(bind(socket, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
    labkit::close_socket(socket);  // the file stays, as after a crash
    FILE* plain = std::fopen(plain_path.c_str(), "w");
    ASSERT_NE(plain, nullptr);
    std::fclose(plain);

    EXPECT_TRUE(labkit::remove_socket_file(socket_path));
    EXPECT_NE(access(socket_path.c_str(), F_OK), 0);
    EXPECT_FALSE(labkit::remove_socket_file(plain_path));
    EXPECT_EQ(access(plain_path.c_str(), F_OK), 0);
    EXPECT_FALSE(labkit::remove_socket_file(std::string(folder) + "/missing"));
    std::remove(plain_path.c_str());
    rmdir(folder);
}
#endif

}  // namespace
