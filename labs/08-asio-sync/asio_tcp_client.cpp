// Lab 08: the client of lab 02, written with standalone asio (synchronous).
// Read README.md first.
#include "labkit/cli.hpp"

#include <asio.hpp>

#include <array>
#include <iostream>
#include <string>
#include <string_view>

using asio::ip::tcp;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    asio::io_context io_context;
    const tcp::endpoint server(asio::ip::make_address(options.host), options.port);
    tcp::socket socket(io_context);
    asio::error_code error;

    // TODO 6: socket.connect(server, error); if it fails: labkit::exit_with_error(
    //         "cannot connect to " + options.host + ":" + std::to_string(options.port) + ": " + error.message()).

    if (!socket.is_open()) labkit::exit_with_error("asio_tcp_client: TODO 6 is not done yet");

    std::string line;
    std::array<char, 1024> data;
    while (labkit::input(line)) {
        // TODO 7: asio::write() the line, read_some() the reply into `data`; on any error:
        //         labkit::exit_with_error("connection closed by server"). Print the reply.
        (void)data;
    }
}
