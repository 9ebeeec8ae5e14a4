// Lab 03: the UDP timestamp server (the seed's UdpServer, in C++).
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 03
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

[[maybe_unused]] constexpr int BUFSIZE = 8 * 1024;  // the largest datagram the protocol allows

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // ADDR = (HOST, PORT)
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: make `server` a UDP socket over IPv4: socket(AF_INET, SOCK_DGRAM, 0).
    //         If that fails: labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    //         (No reuse_address() for UDP: see README.md.)

    // TODO 2: bind `server` to `address` (seed: udpSerSock.bind(ADDR)). If that fails:
    //         labkit::exit_with_error("cannot bind " + labkit::to_text(address) + ": " + labkit::last_error_text());
    //         (There is no listen() for UDP: there are no connections to wait for.)

    if (server == labkit::invalid_socket) labkit::exit_with_error("udp_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    while (!labkit::stop_requested()) {
        std::cout << "waiting for message..." << std::endl;

        // TODO 3: recvfrom() one datagram of at most BUFSIZE bytes, and the sender's address
        //         into a sockaddr_in (seed: data, addr = udpSerSock.recvfrom(BUFSIZE)).
        //         Below 0 means the server is stopping or an error came: `continue`.

        // TODO 4: sendto() the sender labkit::timestamp_reply({buffer, bytes received}), then
        //         print "...received from and returned to: " + labkit::to_text(sender).
        //         Delete the `break` below.
        break;
    }
    labkit::close_socket(server);
}
