// Lab 08, reference solution: the threaded server of lab 06, written with standalone asio
// (synchronous). asio gives each socket a type, reports errors as an error_code instead
// of -1 and errno, and hides what differs between POSIX and Winsock.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <asio.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <iostream>
#include <list>
#include <mutex>
#include <string>
#include <thread>

using asio::ip::tcp;

// One client's connection and the thread that serves it, as in lab 06.
struct Connection {
    explicit Connection(tcp::socket connected) : socket(std::move(connected)) {}
    tcp::socket socket;
    std::thread thread;
    std::atomic<bool> finished{false};
};

std::mutex output;

void log(const std::string& line) {
    const std::lock_guard<std::mutex> lock(output);
    std::cout << line << std::endl;
}

std::string text_of(const tcp::endpoint& endpoint) {
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// The socket is closed when its Connection is erased, after the join: while the thread
// runs, only the thread uses the socket object (asio's are not shared between threads).
// So the thread ends the connection with a shutdown, which the client sees at once.
void serve(Connection& connection) {
    std::array<char, 1024> data;
    for (;;) {
        asio::error_code error;
        const std::size_t received = connection.socket.read_some(asio::buffer(data), error);
        if (error) break;  // asio::error::eof: the client closed; anything else: it failed
        asio::write(connection.socket, asio::buffer(labkit::timestamp_reply({data.data(), received})), error);
        if (error) break;
    }
    asio::error_code ignored;  // the client learns at once that the connection is over
    connection.socket.shutdown(tcp::socket::shutdown_both, ignored);
    connection.finished = true;
}

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
    asio::io_context io_context;
    const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);

    tcp::acceptor acceptor(io_context);
    asio::error_code error;
    acceptor.open(endpoint.protocol(), error);
    if (!error) labkit::reuse_address(acceptor.native_handle());  // exclusive on Windows, unlike asio's
    if (!error) acceptor.bind(endpoint, error);
    if (!error) acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error) labkit::exit_with_error("cannot bind " + text_of(endpoint) + ": " + error.message());
    labkit::stop_on_signal(acceptor.native_handle());
    std::cout << "listening on " << text_of(acceptor.local_endpoint()) << std::endl;

    std::list<Connection> connections;
    while (!labkit::stop_requested()) {
        join_finished(connections);  // first: their sockets close, and accept() may need one
        log("waiting for connection...");
        tcp::socket socket = acceptor.accept(error);
        if (error) {  // out of descriptors (EMFILE) it fails at once: wait, don't spin
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            continue;
        }
        log("connection from : " + text_of(socket.remote_endpoint(error)));
        Connection& connection = connections.emplace_back(std::move(socket));
        connection.thread = std::thread(serve, std::ref(connection));
    }
    // Stopping: wake every thread blocked in read_some() with a shutdown of its socket (on
    // the OS handle: the asio socket object belongs to its thread), then wait for them all.
    for (Connection& connection : connections) shutdown(connection.socket.native_handle(), labkit::shut_both);
    for (Connection& connection : connections) connection.thread.join();
}
