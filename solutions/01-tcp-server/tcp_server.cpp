// Lab 01, reference solution: the seed's TcpServer in C++ with BSD sockets.
// One client at a time: accept a connection, answer each message, close, accept the next.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

constexpr int BUFSIZE = 1024;  // the most one recv() takes: one message

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
        if (client == labkit::invalid_socket) continue;  // stopping, or the client gave up first
        std::cout << "connection from : " << labkit::to_text(client_address) << std::endl;

        char data[BUFSIZE];
        for (;;) {
            const auto received = recv(client, data, BUFSIZE, 0);
            if (received <= 0) break;  // 0: the client closed; below 0: reset, or stopping
            const std::string reply = labkit::timestamp_reply({data, static_cast<std::size_t>(received)});
            if (send(client, reply.data(), static_cast<int>(reply.size()), 0) < 0) break;
        }
        labkit::close_socket(client);
    }
    labkit::close_socket(server);
}
