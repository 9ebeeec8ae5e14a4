// Lab 09: every client at once, in one thread, with asio's asynchronous operations: TCP
// and UDP on the same port number, thousands of connections, a stop through signal_set.
// Read README.md first. Do the TODOs in order; after each one, run
//     python3 -m harness grade 09
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"

#include <asio.hpp>

#include <array>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <string>

using asio::ip::tcp;
using asio::ip::udp;

// One TCP connection: read a message, write its reply, read the next. The callbacks hold
// the session (shared_from_this); when the last one ends, the session and socket go.
class TcpSession : public std::enable_shared_from_this<TcpSession> {
public:
    explicit TcpSession(tcp::socket socket) : socket_(std::move(socket)) {}

    // TODO 3: socket_.async_read_some(asio::buffer(data_), a callback holding
    //         self = shared_from_this()). In it: on an error, return. Otherwise make
    //         reply_ = labkit::timestamp_reply(...) and asio::async_write() it, with a
    //         callback that calls read() again if there was no error.
    void read() {}

private:
    tcp::socket socket_;
    [[maybe_unused]] std::array<char, 1024> data_;  // (maybe_unused until TODO 3 uses it)
    std::string reply_;  // lives until async_write is done with it
};

class Server {
public:
    Server(asio::io_context& io_context, [[maybe_unused]] const tcp::endpoint& endpoint)
        : io_context_(io_context), acceptor_(io_context), pause_(io_context), datagrams_(io_context), signals_(io_context, SIGINT, SIGTERM) {
#ifdef SIGBREAK
        signals_.add(SIGBREAK);  // Ctrl+Break on Windows
#endif
        // TODO 1: open, labkit::reuse_address(acceptor_.native_handle()), bind and listen the
        //         acceptor, as in lab 08 ("cannot bind ..." on an error). Then open the UDP
        //         socket datagrams_ and bind it to the same address and to the port the
        //         acceptor got: acceptor_.local_endpoint().port().

        if (!acceptor_.is_open()) labkit::exit_with_error("asio_async_server: TODO 1 is not done yet");
        std::cout << "listening on " << text_of(acceptor_.local_endpoint()) << std::endl;

        accept();
        receive();
        signals_.async_wait([this](asio::error_code, int) { stop(); });
    }

private:
    template <class Endpoint>
    static std::string text_of(const Endpoint& endpoint) {
        return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
    }

    // TODO 2: acceptor_.async_accept() with a callback (asio::error_code, tcp::socket): if
    //         the acceptor is closed, return (stopping); on an error (out of descriptors,
    //         EMFILE), accept() again 100 ms later: pause_.expires_after(...), then
    //         pause_.async_wait() with a callback that calls accept(). Else start a session:
    //         std::make_shared<TcpSession>(std::move(socket))->read(); then accept() again.
    void accept() {}

    // TODO 4: datagrams_.async_receive_from(asio::buffer(datagram_), sender_, callback). In
    //         it: if the socket is closed, return; without an error, async_send_to() the
    //         sender a reply kept alive in a std::shared_ptr<std::string> the send's callback
    //         holds; then receive() again, even after an error (on Windows an error may only
    //         tell that an earlier reply found no one).
    void receive() {}

    // TODO 5: stop: close the acceptor and datagrams_ (with an ignored error_code), then
    //         io_context_.stop().
    void stop() {}

    [[maybe_unused]] asio::io_context& io_context_;  // (maybe_unused until TODO 5 uses it)
    tcp::acceptor acceptor_;
    [[maybe_unused]] asio::steady_timer pause_;  // between a failed accept and the next (TODO 2)
    udp::socket datagrams_;
    asio::signal_set signals_;
    [[maybe_unused]] std::array<char, 8 * 1024> datagram_;  // (maybe_unused until TODO 4 uses it)
    udp::endpoint sender_;
};

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    asio::io_context io_context(1);  // one thread runs it: asio can skip some of its locking
    Server server(io_context, tcp::endpoint(asio::ip::make_address(options.host), options.port));
    io_context.run();
}
