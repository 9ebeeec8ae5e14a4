// Lab 05, reference solution: the TCP timestamp server of lab 01 over an AF_UNIX socket,
// the seed's "file-based" family. The address is a path in the file system: the socket
// file the server creates when it binds, and must remove when it stops.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

constexpr int BUFSIZE = 1024;

// True if a server answers at `address`. A socket file nobody answers was left behind by a
// server that crashed (a stopped one removes its file): it is safe to replace.
bool someone_listens(const sockaddr_un& address) {
    const labkit::socket_t probe = socket(AF_UNIX, SOCK_STREAM, 0);
    const bool answered = connect(probe, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    labkit::close_socket(probe);
    return answered;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::unix_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    const sockaddr_un address = labkit::make_unix_address(options.path);

    if (someone_listens(address)) labkit::exit_with_error(options.path + " is in use");
    labkit::remove_socket_file(options.path);  // a stale one, if any

    labkit::socket_t server = socket(AF_UNIX, SOCK_STREAM, 0);
    if (server == labkit::invalid_socket)
        labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    if (bind(server, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        labkit::exit_with_error("cannot bind " + options.path + ": " + labkit::last_error_text());
    if (listen(server, 5) != 0)
        labkit::exit_with_error("cannot listen on " + options.path + ": " + labkit::last_error_text());
    labkit::stop_on_signal(server, options.path);
    labkit::print_listening(server);

    while (!labkit::stop_requested()) {
        std::cout << "waiting for connection..." << std::endl;
        const labkit::socket_t client = accept(server, nullptr, nullptr);  // a local peer has no address
        if (client == labkit::invalid_socket) continue;
        std::cout << "connection from : " << options.path << std::endl;

        char data[BUFSIZE];
        for (;;) {
            const auto received = recv(client, data, BUFSIZE, 0);
            if (received <= 0) break;
            const std::string reply = labkit::timestamp_reply({data, static_cast<std::size_t>(received)});
            if (send(client, reply.data(), static_cast<int>(reply.size()), 0) < 0) break;
        }
        labkit::close_socket(client);
    }
    labkit::close_socket(server);
    labkit::remove_socket_file(options.path);
}
