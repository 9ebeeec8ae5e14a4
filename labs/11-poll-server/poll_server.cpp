// Lab 11: many clients, one thread. Every socket is non-blocking, and one poll() waits for
// whichever is ready: the listening socket (a client to accept), a client with bytes to
// read, or a client with room for the replies waiting for it.
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 11
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

[[maybe_unused]] constexpr int BUFSIZE = 1024;
[[maybe_unused]] constexpr std::size_t MOST_UNSENT = 1 << 20;  // a client that leaves this much unread is not read from
using Clock = std::chrono::steady_clock;

// One client: its socket, and the replies not sent yet (send() takes what fits).
struct Client {
    labkit::socket_t socket = labkit::invalid_socket;
    std::string unsent;
    bool reading = true;  // false once it has sent all it will (recv() returned 0)
    bool gone = false;
};

// TODO 5: send what waits in client.unsent, as much as the socket takes now: send() in a
//         loop, erasing from the front of `unsent` what each call sent, until it is empty
//         (return true). When send() fails, return labkit::would_block(): true if the
//         socket is only full (the rest waits for POLLOUT), false if the client has gone.
bool send_unsent([[maybe_unused]] Client& client) {
    return false;
}

// TODO 4: recv() up to BUFSIZE bytes from client.socket. If it fails, return
//         labkit::would_block(). If it returns 0, the client sends no more, but its replies
//         may still be on their way: set client.reading = false and return true (the loop
//         closes it once they are sent). Else append labkit::timestamp_reply() of what came
//         to client.unsent, and return send_unsent(client).
bool receive([[maybe_unused]] Client& client) {
    return false;
}

// TODO 3: accept every client that waits: accept() in a loop until it fails, then return
//         labkit::would_block() (false: out of descriptors, EMFILE). Make each new socket
//         non-blocking, add a Client with it to `clients` (Client{socket, "", true, false}), and print
//         "connection from : HOST:PORT" (labkit::to_text) with std::endl.
bool accept_waiting([[maybe_unused]] labkit::socket_t server, [[maybe_unused]] std::vector<Client>& clients) {
    return true;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: create, bind and listen on `server` as in lab 06 (listen(server, SOMAXCONN)),
    //         then make it non-blocking (labkit::set_non_blocking), so that accept() never
    //         waits; if that fails, exit with "cannot make the server non-blocking: REASON".

    if (server == labkit::invalid_socket) labkit::exit_with_error("poll_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    std::vector<Client> clients;
    std::vector<pollfd> watched;  // watched[0] is the server, watched[i + 1] is clients[i]
    Clock::time_point accept_again{};  // after accept() ran out of descriptors: when to try again
    while (!labkit::stop_requested()) {
        [[maybe_unused]] const bool accepting = Clock::now() >= accept_again;

        // TODO 2: fill `watched` (watched.assign(), then push_back()): the server first, asking
        //         for POLLIN while `accepting` (else for nothing, 0); then a pollfd per client,
        //         asking for POLLIN while it is `reading` and its unsent replies are fewer than
        //         MOST_UNSENT bytes, and for POLLOUT only while it has unsent bytes. Then wait in labkit::poll_sockets()
        //         for as long as it takes (-1), or 100 ms while not accepting; if it fails (a
        //         signal), `continue`. Delete the `break`.
        break;

        for (std::size_t i = 0; i < clients.size(); ++i) {
            Client& client = clients[i];
            const short ready = watched[i + 1].revents;
            if (ready & (POLLIN | POLLHUP | POLLERR)) client.gone = !receive(client);
            if (!client.gone && (ready & POLLOUT)) client.gone = !send_unsent(client);
            if (!client.reading && client.unsent.empty()) client.gone = true;  // all said, all answered
            if (client.gone) labkit::close_socket(client.socket);
        }
        clients.erase(std::remove_if(clients.begin(), clients.end(), [](const Client& client) { return client.gone; }),
                      clients.end());
        if ((watched[0].revents & POLLIN) && !accept_waiting(server, clients))
            accept_again = Clock::now() + std::chrono::milliseconds(100);
    }
    for (Client& client : clients) labkit::close_socket(client.socket);
    labkit::close_socket(server);
}
