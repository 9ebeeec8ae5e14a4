// Lab 04: the UDP timestamp client (the seed's UdpClient, in C++), made safe against loss.
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 04
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

constexpr int BUFSIZE = 64 * 1024;  // a reply may be longer than any message

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::udp_client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // ADDR = (HOST, PORT)
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 1: make `client` a UDP socket over IPv4 (seed: socket(AF_INET, SOCK_DGRAM)).
    //         If that fails: labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());

    // TODO 2: make recvfrom() give up after options.timeout_seconds:
    //         labkit::set_receive_timeout(client, options.timeout_seconds).

    if (client == labkit::invalid_socket) labkit::exit_with_error("udp_client: TODO 1 is not done yet");

    std::string line;
    std::vector<char> buffer(BUFSIZE);
    bool every_line_answered = true;
    while (labkit::input(line)) {
        bool answered = false;
        // TODO 3: up to 1 + options.retries times, until answered:
        //         sendto() the line to `address` (seed: udpCliSock.sendto(data, ADDR)), then
        //         recvfrom() the reply into `buffer` with the sender's address. Below 0 means
        //         the wait timed out: try again. Otherwise print the reply and its sender:
        //         std::cout << std::string_view(buffer.data(), received)
        //                   << " from " << labkit::to_text(sender) << std::endl;
        //         Careful: a datagram may be a late reply to an earlier line (README, TODO 3).

        if (!answered) {
            std::cerr << "no reply from " << labkit::to_text(address) << std::endl;
            every_line_answered = false;
        }
    }
    labkit::close_socket(client);
    return every_line_answered ? 0 : 1;
}
