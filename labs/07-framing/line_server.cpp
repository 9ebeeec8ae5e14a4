// Lab 07: the timestamp server for lines. TCP is a byte stream, not a message stream:
// one recv() may hold half a line or three, and send() may take only part of a reply.
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 07
#include "labkit/cli.hpp"
#include "labkit/line_buffer.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 4096;

// TODO 1: send every byte of `data`: call send() until all of it is out (send() returns
//         how many bytes it took; data.remove_prefix() drops them). Return false if send()
//         returns 0 or less.
bool send_all([[maybe_unused]] labkit::socket_t socket, [[maybe_unused]] std::string_view data) {
    return false;
}

// TODO 2: end a connection so that the last reply still arrives: shutdown(socket,
//         labkit::shut_write), then labkit::set_receive_timeout(socket, 1.0) and recv()
//         into a scratch buffer until it returns 0 or less, then close the socket.
void close_gracefully(labkit::socket_t socket) {
    labkit::close_socket(socket);
}

// TODO 3: answer every line of one client. Loop: recv() into `data` (0 or less: leave the
//         loop); lines.append() what came; for each complete line from lines.next_line(),
//         send_all(labkit::timestamp_reply(line) + "\n"); if lines.too_long(), send_all
//         "error: line too long\n" and leave the loop. Then close_gracefully(client).
void serve(labkit::socket_t client) {
    [[maybe_unused]] labkit::LineBuffer lines;
    close_gracefully(client);
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 4: create, bind and listen on `server` as in lab 01.

    if (server == labkit::invalid_socket) labkit::exit_with_error("line_server: TODO 4 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    while (!labkit::stop_requested()) {
        std::cout << "waiting for connection..." << std::endl;
        sockaddr_in client_address{};
        socklen_t length = sizeof client_address;
        const labkit::socket_t client = accept(server, reinterpret_cast<sockaddr*>(&client_address), &length);
        if (client == labkit::invalid_socket) continue;
        std::cout << "connection from : " << labkit::to_text(client_address) << std::endl;
        serve(client);
    }
    labkit::close_socket(server);
}
