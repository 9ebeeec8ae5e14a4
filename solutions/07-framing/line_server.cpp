// Lab 07, reference solution: the timestamp server for lines. TCP is a byte stream: one
// recv() may hold half a message or three, and one send() may take only part of a reply.
// So messages are lines ending in "\n", received into a LineBuffer until whole, and every
// reply goes out with send_all(). The answer to a line is "at TIMESTAMP :" + line + "\n".
#include "labkit/cli.hpp"
#include "labkit/line_buffer.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>
#include <string_view>

constexpr int BUFSIZE = 4096;  // any size works now: the LineBuffer puts lines together

// Sends every byte of `data`: send() may take fewer bytes than it is given (the socket's
// buffer is full), so it is called until all are out. False if the connection failed.
bool send_all(labkit::socket_t socket, std::string_view data) {
    while (!data.empty()) {
        const auto sent = send(socket, data.data(), static_cast<int>(data.size()), 0);
        if (sent <= 0) return false;
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

// Ends a connection so that what was sent last still arrives: closing a socket with
// unread bytes in it resets the connection, and a reset may destroy data in flight. So:
// say "no more" (shut_write), read and drop what the client still sends, then close.
void close_gracefully(labkit::socket_t socket) {
    shutdown(socket, labkit::shut_write);
    labkit::set_receive_timeout(socket, 1.0);
    char ignored[BUFSIZE];
    while (recv(socket, ignored, BUFSIZE, 0) > 0) {}
    labkit::close_socket(socket);
}

// Answers every line of one client, until it closes its side (or sends too long a line).
void serve(labkit::socket_t client) {
    labkit::LineBuffer lines;
    char data[BUFSIZE];
    for (;;) {
        const auto received = recv(client, data, BUFSIZE, 0);
        if (received <= 0) break;  // 0: the client closed, or shut down its sending side
        lines.append({data, static_cast<std::size_t>(received)});
        while (const auto line = lines.next_line())
            if (!send_all(client, labkit::timestamp_reply(*line) + "\n")) break;
        if (lines.too_long()) {
            send_all(client, "error: line too long\n");
            break;
        }
    }
    close_gracefully(client);
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    const sockaddr_in address = labkit::make_address(options.host, options.port);

    labkit::socket_t server = socket(AF_INET, SOCK_STREAM, 0);
    if (server == labkit::invalid_socket)
        labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    labkit::reuse_address(server);
    if (bind(server, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        labkit::exit_with_error("cannot bind " + labkit::to_text(address) + ": " + labkit::last_error_text());
    if (listen(server, 5) != 0)
        labkit::exit_with_error("cannot listen on " + labkit::to_text(address) + ": " + labkit::last_error_text());
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
