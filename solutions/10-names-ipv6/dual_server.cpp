// Lab 10, reference solution: lab 01's server, on every address --host names, IPv6 and
// IPv4 at once. `--host localhost` is usually ::1 and 127.0.0.1: a listening socket for
// each, on one port. `--host ::` is every IPv6 address: one socket, made dual-stack, takes
// IPv4 clients too. Each listening socket has a thread of its own, serving as lab 01 did.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>
#include <thread>
#include <vector>

constexpr int BUFSIZE = 1024;
constexpr int MOST_SOCKETS = 8;  // labkit::stop_on_signal() wakes at most 8

// Lab 01's loop: one client at a time, each message answered, until the server stops.
void serve(labkit::socket_t server) {
    while (!labkit::stop_requested()) {
        sockaddr_storage client_address{};  // room for either family
        socklen_t length = sizeof client_address;
        const labkit::socket_t client = accept(server, reinterpret_cast<sockaddr*>(&client_address), &length);
        if (client == labkit::invalid_socket) continue;  // stopping, or the client gave up first
        std::cout << "connection from : " + labkit::to_text(reinterpret_cast<sockaddr*>(&client_address)) + "\n"
                  << std::flush;
        char data[BUFSIZE];
        for (;;) {
            const auto received = recv(client, data, BUFSIZE, 0);
            if (received <= 0) break;
            const std::string reply = labkit::timestamp_reply({data, static_cast<std::size_t>(received)});
            if (send(client, reply.data(), static_cast<int>(reply.size()), 0) < 0) break;
        }
        labkit::close_socket(client);
    }
}

// Sets the port of an IPv4 or IPv6 address.
void set_port(sockaddr* address, std::uint16_t port) {
    if (address->sa_family == AF_INET6)
        reinterpret_cast<sockaddr_in6*>(address)->sin6_port = htons(port);
    else
        reinterpret_cast<sockaddr_in*>(address)->sin_port = htons(port);
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::name_options(argc, argv);
    const labkit::SocketLibrary socket_library;

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;  // addresses to listen on
    addrinfo* addresses = nullptr;
    const int resolved = getaddrinfo(options.host.c_str(), std::to_string(options.port).c_str(), &hints, &addresses);
    if (resolved != 0) labkit::exit_with_error("cannot resolve " + options.host + ": " + gai_strerror(resolved));
    bool has_ipv4 = false;
    for (const addrinfo* address = addresses; address != nullptr; address = address->ai_next)
        has_ipv4 = has_ipv4 || address->ai_family == AF_INET;

    std::vector<labkit::socket_t> servers;
    std::uint16_t port = options.port;  // 0: the port the first socket gets, for all of them
    for (addrinfo* address = addresses; address != nullptr && servers.size() < MOST_SOCKETS;
         address = address->ai_next) {
        const std::string where = labkit::to_text(address->ai_addr);
        const labkit::socket_t server = socket(address->ai_family, address->ai_socktype, address->ai_protocol);
        if (server == labkit::invalid_socket)
            labkit::exit_with_error("cannot create a socket for " + where + ": " + labkit::last_error_text());
        // Alone, an IPv6 socket takes IPv4 clients too; beside an IPv4 socket, it must not.
        if (address->ai_family == AF_INET6 && !labkit::set_v6only(server, has_ipv4))
            labkit::exit_with_error("cannot set IPV6_V6ONLY on " + where + ": " + labkit::last_error_text());
        labkit::reuse_address(server);
        set_port(address->ai_addr, port);
        if (bind(server, address->ai_addr, static_cast<socklen_t>(address->ai_addrlen)) != 0)
            labkit::exit_with_error("cannot bind " + labkit::to_text(address->ai_addr) + ": " +
                                    labkit::last_error_text());
        if (listen(server, 5) != 0)
            labkit::exit_with_error("cannot listen on " + where + ": " + labkit::last_error_text());
        if (port == 0) {  // the port the OS chose: the next sockets take the same
            sockaddr_storage bound{};
            socklen_t length = sizeof bound;
            getsockname(server, reinterpret_cast<sockaddr*>(&bound), &length);
            port = ntohs(reinterpret_cast<sockaddr_in&>(bound).sin_port);  // (the same place in both families)
        }
        servers.push_back(server);
    }
    freeaddrinfo(addresses);
    for (const labkit::socket_t server : servers) {
        labkit::stop_on_signal(server);
        labkit::print_listening(server);
    }

    std::vector<std::thread> threads;
    for (const labkit::socket_t server : servers) threads.emplace_back(serve, server);
    for (std::thread& thread : threads) thread.join();
    for (const labkit::socket_t server : servers) labkit::close_socket(server);
}
