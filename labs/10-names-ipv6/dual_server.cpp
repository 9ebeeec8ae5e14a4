// Lab 10: lab 01's server, on every address --host names, IPv6 and IPv4 at once.
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 10
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>
#include <thread>
#include <vector>

[[maybe_unused]] constexpr int BUFSIZE = 1024;
constexpr int MOST_SOCKETS = 8;  // labkit::stop_on_signal() wakes at most 8

// Lab 01's loop: one client at a time, each message answered, until the server stops.
// (Your lab 01 server's loop goes in TODO 5.)
// An address of either family fits in a sockaddr_storage.
void serve(labkit::socket_t server) {
    while (!labkit::stop_requested()) {
        sockaddr_storage client_address{};
        socklen_t length = sizeof client_address;
        const labkit::socket_t client = accept(server, reinterpret_cast<sockaddr*>(&client_address), &length);
        if (client == labkit::invalid_socket) continue;  // stopping, or the client gave up first
        std::cout << "connection from : " + labkit::to_text(reinterpret_cast<sockaddr*>(&client_address)) + "\n"
                  << std::flush;
        // TODO 5: answer this client as your lab 01 server does: recv() at most BUFSIZE bytes,
        //         send() back labkit::timestamp_reply() of them, until recv() returns 0 (the
        //         client closed) or less (an error).
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
    addrinfo* addresses = nullptr;

    // TODO 1: resolve options.host and options.port into `addresses` with getaddrinfo(), as
    //         the client does, with one more hint: ai_flags = AI_PASSIVE (addresses to listen
    //         on). If it fails: labkit::exit_with_error("cannot resolve " + options.host + ": "
    //         + gai_strerror(code));

    if (addresses == nullptr) labkit::exit_with_error("dual_server: TODO 1 is not done yet");
    bool has_ipv4 = false;
    for (const addrinfo* address = addresses; address != nullptr; address = address->ai_next)
        has_ipv4 = has_ipv4 || address->ai_family == AF_INET;

    std::vector<labkit::socket_t> servers;
    std::uint16_t port = options.port;  // 0: the port the first socket gets, for all of them
    for (addrinfo* address = addresses; address != nullptr && servers.size() < MOST_SOCKETS;
         address = address->ai_next) {
        const std::string where = labkit::to_text(address->ai_addr);
        labkit::socket_t server = labkit::invalid_socket;
        // TODO 2: make `server` a socket of this address's family (as the client does). If
        //         that fails: labkit::exit_with_error("cannot create a socket for " + where
        //         + ": " + labkit::last_error_text());

        // TODO 3: for an IPv6 address (address->ai_family == AF_INET6), say whether it takes
        //         IPv6 only, with labkit::set_v6only(server, only): only if an IPv4 socket
        //         comes beside it (has_ipv4); else it must take IPv4 clients too. If that fails:
        //         labkit::exit_with_error("cannot set IPV6_V6ONLY on " + where + ": " + ...);

        if (server == labkit::invalid_socket) labkit::exit_with_error("dual_server: TODO 2 is not done yet");
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
    // TODO 4: serve every listening socket at once: a thread each, running serve(server)
    //         (threads.emplace_back(serve, server)); then wait for them all: join() each.

    for (const labkit::socket_t server : servers) labkit::close_socket(server);
}
