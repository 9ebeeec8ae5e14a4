// Lab 06: a thread per connection, as the seed's "connection confirm" step describes: the
// server starts a new thread for each client and goes straight back to listening.
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 06
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

[[maybe_unused]] constexpr int BUFSIZE = 1024;

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

// TODO 2: serve one client, in its own thread: the per-client loop of lab 01 on
//         connection.socket (recv, reply, until recv returns 0 or less), then close the
//         socket and, last of all, set connection.finished = true.
void serve([[maybe_unused]] Connection& connection) {
}

// TODO 3: join the threads that have finished, so they do not pile up: for each connection
//         whose `finished` is true, thread.join() it and erase it from the list.
void join_finished([[maybe_unused]] std::list<Connection>& connections) {
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: create, bind and listen on `server` as in lab 01 (a larger backlog helps when
    //         many clients connect at once: listen(server, SOMAXCONN)).

    if (server == labkit::invalid_socket) labkit::exit_with_error("threaded_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    std::list<Connection> connections;  // a list: a Connection never moves while its thread uses it
    while (!labkit::stop_requested()) {
        log("waiting for connection...");

        // TODO 4: accept a client; if accept() fails (out of file descriptors, EMFILE), sleep
        //         100 ms (std::this_thread::sleep_for) and `continue`: trying again at once
        //         would spin. Log "connection from : HOST:PORT". Then join_finished(),
        //         add a Connection to the list (connections.emplace_back()), set its socket,
        //         and start its thread: connection.thread = std::thread(serve, std::ref(connection)).
        //         Delete the `break`.
        break;
    }
    // TODO 5: stopping: shutdown(socket, labkit::shut_both) every connection not finished
    //         (its thread, blocked in recv(), wakes up), then join every thread.
    labkit::close_socket(server);
}
