// Lab 10, reference solution: lab 02's client, for a name or an address of either family.
// getaddrinfo() turns --host (localhost, ::1, 127.0.0.1, example.org) into a list of
// addresses; the client tries each in turn until one connects, then talks as lab 02 did.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

constexpr int BUFSIZE = 1024;

// The first address of `addresses` that accepts a connection: its socket, connected; or
// invalid_socket, once each has said "cannot connect to ADDRESS: REASON" on stderr.
labkit::socket_t connect_to_any(const addrinfo* addresses) {
    for (const addrinfo* address = addresses; address != nullptr; address = address->ai_next) {
        const labkit::socket_t client = socket(address->ai_family, address->ai_socktype, address->ai_protocol);
        if (client == labkit::invalid_socket) continue;  // a family this machine has not got
        if (connect(client, address->ai_addr, static_cast<socklen_t>(address->ai_addrlen)) == 0) return client;
        const std::string reason = labkit::last_error_text();  // first: printing may change the error code
        std::cerr << "cannot connect to " << labkit::to_text(address->ai_addr) << ": " << reason << std::endl;
        labkit::close_socket(client);
    }
    return labkit::invalid_socket;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::name_options(argc, argv);
    const labkit::SocketLibrary socket_library;

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;      // IPv4 or IPv6: whatever the name has
    hints.ai_socktype = SOCK_STREAM;  // TCP
    addrinfo* addresses = nullptr;
    const int resolved = getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &addresses);
    if (resolved != 0) labkit::exit_with_error("cannot resolve " + options.host + ": " + gai_strerror(resolved));
    const labkit::socket_t client = connect_to_any(addresses);
    freeaddrinfo(addresses);
    if (client == labkit::invalid_socket) std::exit(1);  // (each address has told why)

    std::string line;
    char data[BUFSIZE];
    while (labkit::input(line)) {  // false at the end of input or for an empty line
        if (send(client, line.data(), static_cast<int>(line.size()), 0) < 0)
            labkit::exit_with_error("connection closed by server");
        const auto received = recv(client, data, BUFSIZE, 0);
        if (received <= 0) labkit::exit_with_error("connection closed by server");
        std::cout << std::string_view(data, static_cast<std::size_t>(received)) << std::endl;
    }
    labkit::close_socket(client);
}
