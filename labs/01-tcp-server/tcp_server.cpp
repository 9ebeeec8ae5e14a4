// Lab 01: the TCP timestamp server (the seed's TcpServer, in C++).
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 01
// and watch one more check pass.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

[[maybe_unused]] constexpr int BUFSIZE = 1024;  // the most one recv() takes: one message

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // ADDR = (HOST, PORT)
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: make `server` a TCP socket over IPv4: socket(AF_INET, SOCK_STREAM, 0).
    //         If that fails: labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    //         Then call labkit::reuse_address(server), so a restarted server can bind at once.

    // TODO 2: bind `server` to `address` (seed: tcpSerSock.bind(ADDR)). If that fails:
    //         labkit::exit_with_error("cannot bind " + labkit::to_text(address) + ": " + labkit::last_error_text());

    // TODO 3: listen on `server` with a backlog of 5 (seed: tcpSerSock.listen(5)),
    //         with the same kind of error as TODO 2 ("cannot listen on ...").

    if (server == labkit::invalid_socket) labkit::exit_with_error("tcp_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);   // Ctrl+C ends the loop below, and accept() returns
    labkit::print_listening(server);  // "listening on 127.0.0.1:PORT": how the harness knows you are ready

    while (!labkit::stop_requested()) {
        std::cout << "waiting for connection..." << std::endl;

        // TODO 4: accept a client (seed: tcpCliSock, addr = tcpSerSock.accept()) into a
        //         sockaddr_in. If accept() returns labkit::invalid_socket, `continue`
        //         (the server is stopping, or the client gave up). Otherwise print
        //         "connection from : " + labkit::to_text(client_address).

        // TODO 5: answer every message of this client (the seed's inner `while True`):
        //         recv() at most BUFSIZE bytes into a buffer; 0 bytes means the client
        //         closed, less than 0 an error: leave the loop. Otherwise send() back
        //         labkit::timestamp_reply({buffer, number of bytes received}).

        // TODO 6: close the client's socket with labkit::close_socket(), then loop to
        //         accept the next client. Delete the `break` below.
        break;
    }
    labkit::close_socket(server);
}
