// Lab 08: the threaded server of lab 06, written with standalone asio (synchronous).
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 08
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

// TODO 3: serve one client: loop on connection.socket.read_some(asio::buffer(data), error)
//         (an error, asio::error::eof included, ends the loop) and answer each message
//         with asio::write(socket, asio::buffer(labkit::timestamp_reply(...)), error).
//         Then end the connection, so the client sees it at once:
//         connection.socket.shutdown(tcp::socket::shutdown_both, error). Last, set
//         connection.finished = true. (The socket closes when the Connection is erased,
//         after the join: while the thread runs, only it uses the socket.)
void serve(Connection& connection) {
    connection.finished = true;
}

// TODO 4: join the threads that have finished, as join_finished() does in your lab 06.
void join_finished([[maybe_unused]] std::list<Connection>& connections) {
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    asio::io_context io_context;
    const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
    tcp::acceptor acceptor(io_context);
    asio::error_code error;

    // TODO 1: open the acceptor for endpoint.protocol(), call
    //         labkit::reuse_address(acceptor.native_handle()), bind it to `endpoint` and
    //         listen(asio::socket_base::max_listen_connections), each with `error`; if any
    //         fails: labkit::exit_with_error("cannot bind " + text_of(endpoint) + ": " + error.message()).

    if (!acceptor.is_open()) labkit::exit_with_error("asio_tcp_server: TODO 1 is not done yet");
    labkit::stop_on_signal(acceptor.native_handle());
    std::cout << "listening on " << text_of(acceptor.local_endpoint()) << std::endl;

    std::list<Connection> connections;
    while (!labkit::stop_requested()) {
        log("waiting for connection...");
        // TODO 2: join_finished(connections) first (their sockets close: accept() may need
        //         a descriptor). Then tcp::socket socket = acceptor.accept(error); on an error
        //         (out of descriptors, EMFILE), sleep 100 ms and `continue`. Log "connection
        //         from : " + text_of(socket.remote_endpoint(error)), add a Connection made from
        //         std::move(socket), and start its thread with serve(). Delete the `break`.
        break;
    }
    // TODO 5: stopping: wake every thread with shutdown(connection.socket.native_handle(),
    //         labkit::shut_both) (the OS call: the asio socket object belongs to its thread),
    //         then join every thread.
}
