// Lab 09, reference solution: every client at once, in one thread. One io_context runs
// every socket: each operation is started with a callback, and the callback starts the
// next. The server answers TCP and UDP on the same port number, holds thousands of
// connections, and stops on SIGINT or SIGTERM through a signal_set.
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

    void read() {
        socket_.async_read_some(asio::buffer(data_), [self = shared_from_this()](asio::error_code error,
                                                                                   std::size_t received) {
            if (error) return;  // closed or reset: nothing more to do for this client
            self->reply_ = labkit::timestamp_reply({self->data_.data(), received});
            asio::async_write(self->socket_, asio::buffer(self->reply_),
                              [self](asio::error_code write_error, std::size_t) {
                                  if (!write_error) self->read();  // only now: one write at a time
                              });
        });
    }

private:
    tcp::socket socket_;
    std::array<char, 1024> data_;
    std::string reply_;  // lives until async_write is done with it
};

class Server {
public:
    Server(asio::io_context& io_context, const tcp::endpoint& endpoint)
        : io_context_(io_context), acceptor_(io_context), pause_(io_context), datagrams_(io_context), signals_(io_context, SIGINT, SIGTERM) {
#ifdef SIGBREAK
        signals_.add(SIGBREAK);  // Ctrl+Break on Windows
#endif
        asio::error_code error;
        acceptor_.open(endpoint.protocol(), error);
        if (!error) labkit::reuse_address(acceptor_.native_handle());
        if (!error) acceptor_.bind(endpoint, error);
        if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
        if (error) labkit::exit_with_error("cannot bind " + text_of(endpoint) + ": " + error.message());
        // UDP on the port TCP got (with --port 0, the OS chose it for TCP).
        const udp::endpoint udp_endpoint(endpoint.address(), acceptor_.local_endpoint().port());
        datagrams_.open(udp::v4(), error);
        if (!error) datagrams_.bind(udp_endpoint, error);
        if (error) labkit::exit_with_error("cannot bind " + text_of(udp_endpoint) + " (UDP): " + error.message());
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

    void accept() {
        acceptor_.async_accept([this](asio::error_code error, tcp::socket socket) {
            if (!acceptor_.is_open()) return;  // stopping
            if (error) {  // out of descriptors (EMFILE) it fails at once: wait a little, don't spin
                pause_.expires_after(std::chrono::milliseconds(100));
                pause_.async_wait([this](asio::error_code) { accept(); });
                return;
            }
            std::cout << "connection from : " << text_of(socket.remote_endpoint(error)) << std::endl;
            std::make_shared<TcpSession>(std::move(socket))->read();
            accept();
        });
    }

    void receive() {
        datagrams_.async_receive_from(asio::buffer(datagram_), sender_, [this](asio::error_code error,
                                                                               std::size_t received) {
            if (!datagrams_.is_open()) return;  // stopping
            // An error here may be Windows telling of an earlier reply's "port unreachable":
            // it concerns that client only, so the server just receives the next datagram.
            if (!error) {
                auto reply = std::make_shared<std::string>(labkit::timestamp_reply({datagram_.data(), received}));
                datagrams_.async_send_to(asio::buffer(*reply), sender_, [reply](asio::error_code, std::size_t) {});
            }
            receive();
        });
    }

    // Closing the acceptor and the UDP socket ends their loops; stopping the io_context
    // ends run(), and with it every session still open.
    void stop() {
        asio::error_code ignored;
        acceptor_.close(ignored);
        datagrams_.close(ignored);
        io_context_.stop();
    }

    asio::io_context& io_context_;
    tcp::acceptor acceptor_;
    asio::steady_timer pause_;  // between a failed accept and the next
    udp::socket datagrams_;
    asio::signal_set signals_;
    std::array<char, 8 * 1024> datagram_;
    udp::endpoint sender_;
};

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    asio::io_context io_context(1);  // one thread runs it: asio can skip some of its locking
    Server server(io_context, tcp::endpoint(asio::ip::make_address(options.host), options.port));
    io_context.run();
}
