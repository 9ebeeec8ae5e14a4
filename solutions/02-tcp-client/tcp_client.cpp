// Lab 02, reference solution: the seed's TcpClient in C++ with BSD sockets.
// Connect once, then for each line typed: send it, wait for the reply, print it.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

constexpr int BUFSIZE = 1024;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    const sockaddr_in address = labkit::make_address(options.host, options.port);

    const labkit::socket_t client = socket(AF_INET, SOCK_STREAM, 0);
    if (client == labkit::invalid_socket)
        labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    if (connect(client, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        labkit::exit_with_error("cannot connect to " + labkit::to_text(address) + ": " + labkit::last_error_text());

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
