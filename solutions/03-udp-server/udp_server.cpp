// Lab 03, reference solution: the seed's UdpServer in C++ with BSD sockets.
// No connections: each datagram is a message, and the reply goes back to its sender.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

constexpr int BUFSIZE = 8 * 1024;  // the largest datagram the protocol allows

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    const sockaddr_in address = labkit::make_address(options.host, options.port);

    labkit::socket_t server = socket(AF_INET, SOCK_DGRAM, 0);
    if (server == labkit::invalid_socket)
        labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    // No reuse_address() for UDP: there is no TIME_WAIT to wait out, and on Linux
    // SO_REUSEADDR would let a second server share the port, busy or not.
    if (bind(server, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        labkit::exit_with_error("cannot bind " + labkit::to_text(address) + ": " + labkit::last_error_text());
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    char data[BUFSIZE];
    while (!labkit::stop_requested()) {
        std::cout << "waiting for message..." << std::endl;
        sockaddr_in client_address{};
        socklen_t length = sizeof client_address;
        const auto received = recvfrom(server, data, BUFSIZE, 0,
                                       reinterpret_cast<sockaddr*>(&client_address), &length);
        // Below 0: stopping, or (Windows) an ICMP "port unreachable" for an earlier reply.
        if (received < 0) continue;
        const std::string reply = labkit::timestamp_reply({data, static_cast<std::size_t>(received)});
        sendto(server, reply.data(), static_cast<int>(reply.size()), 0,
               reinterpret_cast<const sockaddr*>(&client_address), length);
        std::cout << "...received from and returned to: " << labkit::to_text(client_address) << std::endl;
    }
    labkit::close_socket(server);
}
