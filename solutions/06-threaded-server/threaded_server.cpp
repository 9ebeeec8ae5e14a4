// Lab 06, reference solution: the seed's "connection confirm" step, for real. For each
// connection the server starts a thread to serve it and goes straight back to accept(),
// so a slow or silent client no longer holds up everyone else.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <atomic>
#include <chrono>
#include <iostream>
#include <list>
#include <mutex>
#include <string>
#include <thread>

constexpr int BUFSIZE = 1024;

// One client's connection and the thread that serves it.
struct Connection {
    labkit::socket_t socket = labkit::invalid_socket;
    std::thread thread;
    std::atomic<bool> finished{false};  // set by the thread as its last act
};

std::mutex output;  // std::cout is shared by every thread: one line at a time

void log(const std::string& line) {
    const std::lock_guard<std::mutex> lock(output);
    std::cout << line << std::endl;
}

// The per-client loop of lab 01, in a thread of its own.
void serve(Connection& connection) {
    char data[BUFSIZE];
    for (;;) {
        const auto received = recv(connection.socket, data, BUFSIZE, 0);
        if (received <= 0) break;
        const std::string reply = labkit::timestamp_reply({data, static_cast<std::size_t>(received)});
        if (send(connection.socket, reply.data(), static_cast<int>(reply.size()), 0) < 0) break;
    }
    labkit::close_socket(connection.socket);
    connection.finished = true;
}

// Joins the threads that have finished, so that they do not pile up.
void join_finished(std::list<Connection>& connections) {
    for (auto it = connections.begin(); it != connections.end();) {
        if (it->finished) {
            it->thread.join();
            it = connections.erase(it);
        } else {
            ++it;
        }
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
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    std::list<Connection> connections;  // a list: a Connection never moves while its thread uses it
    while (!labkit::stop_requested()) {
        log("waiting for connection...");
        sockaddr_in client_address{};
        socklen_t length = sizeof client_address;
        const labkit::socket_t client = accept(server, reinterpret_cast<sockaddr*>(&client_address), &length);
        if (client == labkit::invalid_socket) {
            // Out of descriptors (EMFILE), accept() fails at once while the client waits in
            // the queue: trying again at once would spin. Wait for a thread to close one.
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        log("connection from : " + labkit::to_text(client_address));

        join_finished(connections);
        Connection& connection = connections.emplace_back();
        connection.socket = client;
        connection.thread = std::thread(serve, std::ref(connection));
    }
    // Stopping: end every connection (a thread blocked in recv() wakes up), then wait for all.
    for (Connection& connection : connections)
        if (!connection.finished) shutdown(connection.socket, labkit::shut_both);
    for (Connection& connection : connections) connection.thread.join();
    labkit::close_socket(server);
}
