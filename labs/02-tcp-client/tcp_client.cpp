// Lab 02: the TCP timestamp client (the seed's TcpClient, in C++).
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 02
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // ADDR = (HOST, PORT)
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 1: make `client` a TCP socket over IPv4 (seed: socket(AF_INET, SOCK_STREAM)).
    //         If that fails: labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());

    // TODO 2: connect `client` to `address` (seed: tcpCliSock.connect(ADDR)). If that fails:
    //         labkit::exit_with_error("cannot connect to " + labkit::to_text(address) + ": " + labkit::last_error_text());

    if (client == labkit::invalid_socket) labkit::exit_with_error("tcp_client: TODO 1 is not done yet");

    std::string line;
    while (labkit::input(line)) {  // the seed's data = input(">"); false at the end of input or an empty line
        // TODO 3: send() the line, without a newline. If send fails:
        //         labkit::exit_with_error("connection closed by server");

        // TODO 4: recv() the reply, at most BUFSIZE bytes. 0 bytes or an error means the
        //         server has gone: labkit::exit_with_error("connection closed by server").
        //         Otherwise print the bytes received on a line of their own:
        //         std::cout << std::string_view(buffer, received) << std::endl;
    }
    labkit::close_socket(client);
}
