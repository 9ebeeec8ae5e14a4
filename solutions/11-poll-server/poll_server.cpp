// Lab 11, reference solution: many clients, one thread. Every socket is non-blocking,
// and one poll() waits for whichever is ready: the listening socket (a client to accept),
// a client with bytes to read, or a client with room for the replies waiting for it.
// This is what asio does underneath (lab 09), and the seed's "connection confirm" step
// without a thread per client (lab 06).
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

constexpr int BUFSIZE = 1024;
constexpr std::size_t MOST_UNSENT = 1 << 20;  // a client that leaves this much unread is not read from
using Clock = std::chrono::steady_clock;

// One client: its socket, and the replies not sent yet (send() takes what fits).
struct Client {
    labkit::socket_t socket = labkit::invalid_socket;
    std::string unsent;
    bool reading = true;  // false once it has sent all it will (recv() returned 0)
    bool gone = false;
};

// Sends what waits for `client`, as much as its socket takes now. False if the client has gone.
bool send_unsent(Client& client) {
    while (!client.unsent.empty()) {
        const auto sent = send(client.socket, client.unsent.data(), static_cast<int>(client.unsent.size()), 0);
        if (sent < 0) return labkit::would_block();  // full: the rest waits for POLLOUT
        client.unsent.erase(0, static_cast<std::size_t>(sent));
    }
    return true;
}

// Reads what `client` sent, and answers it. False once the client has failed.
bool receive(Client& client) {
    char data[BUFSIZE];
    const auto received = recv(client.socket, data, BUFSIZE, 0);
    if (received < 0) return labkit::would_block();
    if (received == 0) {  // it sends no more, but its replies may still be on their way
        client.reading = false;
        return true;
    }
    client.unsent += labkit::timestamp_reply({data, static_cast<std::size_t>(received)});
    return send_unsent(client);
}

// Accepts every client waiting in the queue. False if accept() failed for want of
// descriptors (EMFILE): the client still waits, and trying again at once would spin.
bool accept_waiting(labkit::socket_t server, std::vector<Client>& clients) {
    for (;;) {
        sockaddr_in address{};
        socklen_t length = sizeof address;
        const labkit::socket_t socket = accept(server, reinterpret_cast<sockaddr*>(&address), &length);
        if (socket == labkit::invalid_socket) return labkit::would_block();
        labkit::set_non_blocking(socket);
        clients.push_back(Client{socket, "", true, false});
        std::cout << "connection from : " << labkit::to_text(address) << std::endl;
    }
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
    if (listen(server, SOMAXCONN) != 0)
        labkit::exit_with_error("cannot listen on " + labkit::to_text(address) + ": " + labkit::last_error_text());
    if (!labkit::set_non_blocking(server))
        labkit::exit_with_error("cannot make the server non-blocking: " + labkit::last_error_text());
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    std::vector<Client> clients;
    std::vector<pollfd> watched;  // watched[0] is the server, watched[i + 1] is clients[i]
    Clock::time_point accept_again{};  // after accept() ran out of descriptors: when to try again
    while (!labkit::stop_requested()) {
        const bool accepting = Clock::now() >= accept_again;
        watched.assign(1, pollfd{server, static_cast<short>(accepting ? POLLIN : 0), 0});
        for (const Client& client : clients) {
            short events = client.reading && client.unsent.size() < MOST_UNSENT ? POLLIN : 0;
            if (!client.unsent.empty()) events |= POLLOUT;  // only then: a socket with room is ready at once
            watched.push_back(pollfd{client.socket, events, 0});
        }
        if (labkit::poll_sockets(watched.data(), watched.size(), accepting ? -1 : 100) < 0) continue;  // a signal

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
