// Lab 07: the timestamp client for lines: send each line whole, with its "\n", and read
// the reply until its own "\n" has come, however many recv() calls that takes.
// Read README.md first.
#include "labkit/cli.hpp"
#include "labkit/line_buffer.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 4096;
constexpr std::size_t longest_reply = labkit::LineBuffer::default_limit + 64;  // a line and "at TIMESTAMP :"

// TODO 5: the same send_all() as in line_server.cpp.
bool send_all([[maybe_unused]] labkit::socket_t socket, [[maybe_unused]] std::string_view data) {
    return false;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 6: create `client` and connect it to `address`, as in lab 02.

    if (client == labkit::invalid_socket) labkit::exit_with_error("line_client: TODO 6 is not done yet");

    [[maybe_unused]] labkit::LineBuffer replies(longest_reply);
    std::string line;
    while (labkit::input(line)) {
        // TODO 7: send_all(line + "\n") ("connection closed by server" if it fails). Then
        //         take replies.next_line(); while there is none yet, recv() more and
        //         replies.append() it (0 or less: "connection closed by server"). Print the
        //         reply line.
    }
    labkit::close_socket(client);
}
