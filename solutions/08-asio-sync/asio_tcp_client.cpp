// Lab 08, reference solution: the client of lab 02, written with standalone asio
// (synchronous): connect, then for each line typed, write it and read the reply.
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
    socket.connect(server, error);
    if (error)
        labkit::exit_with_error("cannot connect to " + options.host + ":" + std::to_string(options.port) + ": " +
                                error.message());

    std::string line;
    std::array<char, 1024> data;
    while (labkit::input(line)) {
        asio::write(socket, asio::buffer(line), error);
        const std::size_t received = error ? 0 : socket.read_some(asio::buffer(data), error);
        if (error) labkit::exit_with_error("connection closed by server");
        std::cout << std::string_view(data.data(), received) << std::endl;
    }
}
