// Lab 10: lab 02's client, for a name or an address of either family (localhost, ::1,
// 127.0.0.1). Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 10
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

// The first address of `addresses` that accepts a connection: its socket, connected; or
// invalid_socket, once each has said "cannot connect to ADDRESS: REASON" on stderr.
labkit::socket_t connect_to_any([[maybe_unused]] const addrinfo* addresses) {
    // TODO 2: for each address of the list (address->ai_next is the next; nullptr ends it):
    //         - make a socket of its family: socket(address->ai_family, address->ai_socktype,
    //           address->ai_protocol); if that fails, go on with the next address;
    //         - connect() it to address->ai_addr (its length: address->ai_addrlen): if that
    //           works, return the socket;
    //         - if not: keep the reason first (labkit::last_error_text(): printing may change
    //           the error code, as it does under Wine), then std::cerr << "cannot connect to "
    //           << labkit::to_text(address->ai_addr) << ": " << reason << std::endl; close the
    //           socket, go on.
    return labkit::invalid_socket;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::name_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    addrinfo* addresses = nullptr;

    // TODO 1: resolve options.host and options.port into `addresses` with getaddrinfo():
    //         hints of any family (AF_UNSPEC) for a TCP socket (SOCK_STREAM); the port as
    //         text (std::to_string(options.port).c_str()). If it returns an error code:
    //         labkit::exit_with_error("cannot resolve " + options.host + ": " + gai_strerror(code));

    if (addresses == nullptr) labkit::exit_with_error("name_client: TODO 1 is not done yet");
    const labkit::socket_t client = connect_to_any(addresses);
    // TODO 3: free the list: freeaddrinfo(addresses).

    if (client == labkit::invalid_socket) std::exit(1);  // (each address has told why)

    std::string line;
    while (labkit::input(line)) {  // false at the end of input or for an empty line
        // TODO 4: as your lab 02 client does: send() the line; recv() the reply (at most
        //         BUFSIZE bytes) and print it on a line of its own. A failed send, or a recv()
        //         of 0 bytes or less: labkit::exit_with_error("connection closed by server").
    }
    labkit::close_socket(client);
}
