// Lab 05, reference solution: the TCP timestamp client of lab 02 over an AF_UNIX socket.
// Only the address changes: a path instead of HOST:PORT.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

constexpr int BUFSIZE = 1024;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::unix_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    const sockaddr_un address = labkit::make_unix_address(options.path);

    const labkit::socket_t client = socket(AF_UNIX, SOCK_STREAM, 0);
    if (client == labkit::invalid_socket)
        labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    if (connect(client, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        labkit::exit_with_error("cannot connect to " + options.path + ": " + labkit::last_error_text());

    std::string line;
    char data[BUFSIZE];
    while (labkit::input(line)) {
        if (send(client, line.data(), static_cast<int>(line.size()), 0) < 0)
            labkit::exit_with_error("connection closed by server");
        const auto received = recv(client, data, BUFSIZE, 0);
        if (received <= 0) labkit::exit_with_error("connection closed by server");
        std::cout << std::string_view(data, static_cast<std::size_t>(received)) << std::endl;
    }
    labkit::close_socket(client);
}
