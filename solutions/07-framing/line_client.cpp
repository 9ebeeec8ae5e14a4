// Lab 07, reference solution: the timestamp client for lines. Each line typed is sent
// whole with its "\n" (send_all), and the reply is read until its own "\n" has come,
// however many recv() calls that takes.
#include "labkit/cli.hpp"
#include "labkit/line_buffer.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

constexpr int BUFSIZE = 4096;
constexpr std::size_t longest_reply = labkit::LineBuffer::default_limit + 64;  // a line and "at TIMESTAMP :"

bool send_all(labkit::socket_t socket, std::string_view data) {
    while (!data.empty()) {
        const auto sent = send(socket, data.data(), static_cast<int>(data.size()), 0);
        if (sent <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    const sockaddr_in address = labkit::make_address(options.host, options.port);

    const labkit::socket_t client = socket(AF_INET, SOCK_STREAM, 0);
    if (client == labkit::invalid_socket)
        labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    if (connect(client, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        labkit::exit_with_error("cannot connect to " + labkit::to_text(address) + ": " + labkit::last_error_text());

    labkit::LineBuffer replies(longest_reply);
    std::string line;
    char data[BUFSIZE];
    while (labkit::input(line)) {
        if (!send_all(client, line + "\n")) labkit::exit_with_error("connection closed by server");
        auto reply = replies.next_line();
        while (!reply) {  // the reply may come in pieces: wait for its "\n"
            const auto received = recv(client, data, BUFSIZE, 0);
            if (received <= 0) labkit::exit_with_error("connection closed by server");
            replies.append({data, static_cast<std::size_t>(received)});
            if (replies.too_long()) labkit::exit_with_error("the server's reply is too long");
            reply = replies.next_line();
        }
        std::cout << *reply << std::endl;
    }
    labkit::close_socket(client);
}
