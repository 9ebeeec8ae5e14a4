// Lab 05: the timestamp server over an AF_UNIX socket (the seed's "file-based" family).
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 05
// Your lab 01 server is the model: only the address family and the socket file change.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

// TODO 1: return true if a server answers at `address`: create an AF_UNIX stream socket,
//         connect() it to `address`, close it, and return whether connect() returned 0.
//         A socket file that nobody answers was left by a server that crashed.
bool someone_listens([[maybe_unused]] const sockaddr_un& address) {
    return false;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::unix_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_un address = labkit::make_unix_address(options.path);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 2: if someone_listens(address), the path belongs to a live server:
    //         labkit::exit_with_error(options.path + " is in use"). Otherwise remove a stale
    //         socket file, if there is one: labkit::remove_socket_file(options.path).

    // TODO 3: make `server` an AF_UNIX stream socket, bind it to `address` and listen, as in
    //         lab 01 (errors: "cannot bind " + options.path + ": " + labkit::last_error_text()).
    //         No reuse_address() here: the path is the address, and TODO 2 cleared it.

    if (server == labkit::invalid_socket) labkit::exit_with_error("unix_server: TODO 3 is not done yet");
    labkit::stop_on_signal(server, options.path);  // also removes the file if the server must be ended
    labkit::print_listening(server);               // "listening on PATH"

    while (!labkit::stop_requested()) {
        std::cout << "waiting for connection..." << std::endl;

        // TODO 4: accept a client: accept(server, nullptr, nullptr) (a local peer has no
        //         address worth printing), print "connection from : " + options.path,
        //         answer its messages as in lab 01, and close its socket. Delete the `break`.
        break;
    }
    labkit::close_socket(server);
    // TODO 5: remove the socket file: a server that stops cleanly leaves nothing behind.
}
