// Lab 05: the timestamp client over an AF_UNIX socket.
// Read README.md first. Your lab 02 client is the model: only the address changes.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::unix_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_un address = labkit::make_unix_address(options.path);
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 6: make `client` an AF_UNIX stream socket and connect it to `address`. If connect
    //         fails: labkit::exit_with_error("cannot connect to " + options.path + ": " + ...).

    if (client == labkit::invalid_socket) labkit::exit_with_error("unix_client: TODO 6 is not done yet");

    std::string line;
    while (labkit::input(line)) {
        // TODO 7: send the line, receive the reply and print it, as in lab 02
        //         ("connection closed by server" when the server has gone).
    }
    labkit::close_socket(client);
}
