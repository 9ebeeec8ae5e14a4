// The harness's load client: opens many connections (or UDP flows) to a timestamp server
// at once, and on each sends messages ping-pong, one after the other, checking every reply.
// It prints one line of JSON: how many replies came and were right, messages per second,
// and the latency of a reply (p50, p99, max). One io_context, one thread, C++17 asio.
//
//   load_client --port PORT [--host HOST] [--connections N] [--messages M] [--size BYTES]
//               [--idle K] [--udp] [--time-limit SECONDS]
#include <asio.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

using asio::ip::tcp;
using asio::ip::udp;
using Clock = std::chrono::steady_clock;

namespace {

struct Settings {
    std::string host = "127.0.0.1";
    unsigned short port = 0;
    int connections = 8;
    int messages = 100;
    std::size_t size = 64;  // bytes per message
    int idle = 0;           // connections opened first that never send a byte
    bool udp = false;
    double time_limit = 30;
};

// What every flow adds to: the run's totals, and the first thing that went wrong.
struct Tally {
    long long replies = 0;
    long long wrong = 0;
    int failed = 0;           // flows that ended before their last reply
    int flows_left = 0;       // flows still sending
    std::function<void()> all_done;          // called when the last flow ends
    std::string first_problem;
    std::string first_message, first_reply;  // of the first wrong reply
    std::vector<double> latencies;           // seconds, one per right reply

    void flow_done() {
        if (--flows_left == 0 && all_done) all_done();
    }

    void fail(const std::string& problem) {
        ++failed;
        if (first_problem.empty()) first_problem = problem;
        flow_done();
    }

    void wrong_reply(const std::string& message, const std::string& reply) {
        ++wrong;
        if (first_message.empty()) {
            first_message = message;
            first_reply = reply;
        }
    }
};

// Connections are opened at most `most` at a time: a server's listen queue holds only so
// many it has not accepted yet (SOMAXCONN is 128 on macOS). Beyond it, Windows refuses the
// connection, and Linux and macOS drop the handshake, which the client tries again only a
// second or more later: a thousand connects at once would time the server's accept(), not
// the server.
class Opener {
public:
    explicit Opener(std::size_t most) : most_(most) {}

    void open(std::function<void()> connect) {
        waiting_.push_back(std::move(connect));
        start_more();
    }

    void done() {  // a connect ended, well or not
        --connecting_;
        start_more();
    }

private:
    void start_more() {
        while (connecting_ < most_ && !waiting_.empty()) {
            ++connecting_;
            auto connect = std::move(waiting_.front());
            waiting_.pop_front();
            connect();
        }
    }

    std::size_t most_, connecting_ = 0;
    std::deque<std::function<void()>> waiting_;
};

// "client 7 message 3 xxxx...": `size` bytes that name the flow and the message.
std::string message_for(int flow, int number, std::size_t size) {
    std::string message = "client " + std::to_string(flow) + " message " + std::to_string(number) + " ";
    message.resize(std::max(size, message.size()), 'x');
    return message;
}

// "at " + 24 characters + " :" + message, as the protocol says.
bool is_reply_to(const std::string& reply, const std::string& message) {
    return reply.size() == 29 + message.size() && reply.compare(0, 3, "at ") == 0 &&
           reply.compare(27, 2, " :") == 0 && reply.compare(29, std::string::npos, message) == 0;
}

class TcpFlow : public std::enable_shared_from_this<TcpFlow> {
public:
    TcpFlow(asio::io_context& io, const Settings& settings, Tally& tally, Opener& opener, int number)
        : socket_(io), settings_(settings), tally_(tally), opener_(opener), number_(number) {}

    void start(const tcp::endpoint& server, bool idle) {
        opener_.open([self = shared_from_this(), server, idle] {
            self->socket_.async_connect(server, [self, idle](asio::error_code error) {
                self->opener_.done();
                if (error) return self->fail("connection " + std::to_string(self->number_) + ": " + error.message());
                if (!idle) self->send_next();
            });
        });
    }

    void close() {
        asio::error_code ignored;
        socket_.close(ignored);
    }

private:
    // A flow that went wrong ends, and closes its connection like a flow that is done: an
    // iterative server, still waiting on it, can then take the next.
    void fail(const std::string& problem) {
        close();
        tally_.fail(problem);
    }

    void send_next() {
        if (sent_ == settings_.messages) {  // done: close, so an iterative server can take the next
            close();
            return tally_.flow_done();
        }
        message_ = message_for(number_, ++sent_, settings_.size);
        reply_.assign(29 + message_.size(), '\0');
        sent_at_ = Clock::now();
        asio::async_write(socket_, asio::buffer(message_), [self = shared_from_this()](asio::error_code error, std::size_t) {
            if (error) return self->fail("send on connection " + std::to_string(self->number_) + ": " + error.message());
            // Not read_reply() at once: asio would try a receive before waiting, and the
            // reply is not there yet. Posted, the read starts after the other flows' ready
            // work, often when the reply has come: a receive that finds nothing is saved.
            asio::post(self->socket_.get_executor(), [self] { self->read_reply(); });
        });
    }

    void read_reply() {
        asio::async_read(socket_, asio::buffer(reply_), [self = shared_from_this()](asio::error_code error, std::size_t got) {
            if (error) {
                self->reply_.resize(got);
                self->tally_.wrong_reply(self->message_, self->reply_);
                return self->fail("reply " + std::to_string(self->sent_) + " on connection " +
                                         std::to_string(self->number_) + ": " + error.message());
            }
            if (!is_reply_to(self->reply_, self->message_)) {
                self->tally_.wrong_reply(self->message_, self->reply_);
                return self->fail("wrong reply on connection " + std::to_string(self->number_));
            }
            self->tally_.latencies.push_back(std::chrono::duration<double>(Clock::now() - self->sent_at_).count());
            ++self->tally_.replies;
            self->send_next();
        });
    }

    tcp::socket socket_;
    const Settings& settings_;
    Tally& tally_;
    Opener& opener_;
    int number_;
    int sent_ = 0;
    std::string message_, reply_;
    Clock::time_point sent_at_;
};

// A UDP flow: a datagram, its reply (or a loss, after 1 s), the next datagram.
class UdpFlow : public std::enable_shared_from_this<UdpFlow> {
public:
    UdpFlow(asio::io_context& io, const Settings& settings, Tally& tally, int number)
        : socket_(io, udp::endpoint(udp::v4(), 0)), timer_(io), settings_(settings), tally_(tally), number_(number) {}

    void start(const udp::endpoint& server) {
        server_ = server;
        send_next();
    }

    void close() {
        asio::error_code ignored;
        timer_.cancel();
        socket_.close(ignored);
    }

private:
    void send_next() {
        if (sent_ == settings_.messages) return tally_.flow_done();
        message_ = message_for(number_, ++sent_, settings_.size);
        sent_at_ = Clock::now();
        socket_.async_send_to(asio::buffer(message_), server_, [self = shared_from_this()](asio::error_code error, std::size_t) {
            if (error) return self->tally_.fail("sendto on flow " + std::to_string(self->number_) + ": " + error.message());
            self->receive();
        });
        timer_.expires_after(std::chrono::seconds(1));
        timer_.async_wait([self = shared_from_this(), number = sent_](asio::error_code error) {
            if (error || self->sent_ != number || self->ended_) return;
            self->ended_ = true;  // a lost datagram ends the flow: its replies no longer count
            self->tally_.fail("flow " + std::to_string(self->number_) + ": a datagram got no reply in 1 s");
        });
    }

    void receive() {
        reply_.resize(64 * 1024);
        socket_.async_receive_from(asio::buffer(reply_), from_, [self = shared_from_this()](asio::error_code error, std::size_t got) {
            if (error || self->ended_) return;  // closed at the end, or a "port unreachable" (the timer tells the loss)
            self->reply_.resize(got);
            self->timer_.cancel();
            if (!is_reply_to(self->reply_, self->message_)) {
                self->ended_ = true;
                self->tally_.wrong_reply(self->message_, self->reply_);
                return self->tally_.fail("wrong reply on flow " + std::to_string(self->number_));
            }
            self->tally_.latencies.push_back(std::chrono::duration<double>(Clock::now() - self->sent_at_).count());
            ++self->tally_.replies;
            self->send_next();
        });
    }

    udp::socket socket_;
    asio::steady_timer timer_;
    const Settings& settings_;
    Tally& tally_;
    int number_;
    int sent_ = 0;
    bool ended_ = false;
    udp::endpoint server_, from_;
    std::string message_, reply_;
    Clock::time_point sent_at_;
};

std::string json_string(const std::string& bytes) {
    std::string out = "\"";
    for (const char byte : bytes) {
        const auto c = static_cast<unsigned char>(byte);  // 0-255: a byte's value, whatever char's sign
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c >= 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);  // a byte, as a code point below 256
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out + "\"";
}

double percentile(const std::vector<double>& sorted, double fraction) {
    if (sorted.empty()) return 0;
    return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(fraction * static_cast<double>(sorted.size())))];
}

[[noreturn]] void usage(const std::string& problem) {
    std::cerr << "load_client: " << problem << "\n"
              << "usage: load_client --port PORT [--host HOST] [--connections N] [--messages M] [--size BYTES]"
                 " [--idle K] [--udp] [--time-limit SECONDS]" << std::endl;
    std::exit(2);
}

Settings parse(int argc, char* argv[]) {
    Settings settings;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--udp") {
            settings.udp = true;
            continue;
        }
        if (i + 1 == argc) usage(flag + " needs a value");
        const std::string value = argv[++i];
        char* end = nullptr;
        const double number = std::strtod(value.c_str(), &end);
        if (flag == "--host") settings.host = value;
        else if (*end != '\0' || number < 0) usage(flag + " " + value + ": not a number");
        else if (flag == "--port") settings.port = static_cast<unsigned short>(number);
        else if (flag == "--connections") settings.connections = static_cast<int>(number);
        else if (flag == "--messages") settings.messages = static_cast<int>(number);
        else if (flag == "--size") settings.size = static_cast<std::size_t>(number);
        else if (flag == "--idle") settings.idle = static_cast<int>(number);
        else if (flag == "--time-limit") settings.time_limit = number;
        else usage("unknown option " + flag);
    }
    if (settings.port == 0) usage("--port is needed");
    return settings;
}

}  // namespace

int main(int argc, char* argv[]) {
    const Settings settings = parse(argc, argv);
    asio::io_context io(ASIO_CONCURRENCY_HINT_UNSAFE);  // one thread, nothing shared: asio needs no locks
    Tally tally;
    const auto address = asio::ip::make_address(settings.host);
    Opener opener(64);
    std::vector<std::shared_ptr<TcpFlow>> tcp_flows;
    std::vector<std::shared_ptr<UdpFlow>> udp_flows;

    // The idle connections first, all connected, so that the others run beside them.
    for (int i = 0; i < settings.idle; ++i) {
        tcp_flows.push_back(std::make_shared<TcpFlow>(io, settings, tally, opener, -i - 1));
        tcp_flows.back()->start(tcp::endpoint(address, settings.port), true);
    }
    io.run();
    io.restart();

    const auto started = Clock::now();
    const long long expected = static_cast<long long>(settings.connections) * settings.messages;
    asio::steady_timer limit(io, std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.time_limit)));
    bool timed_out = false;
    const auto close_all = [&] {
        limit.cancel();
        for (auto& flow : tcp_flows) flow->close();  // the idle connections too: the run is over
        for (auto& flow : udp_flows) flow->close();
    };
    limit.async_wait([&](asio::error_code error) {
        if (error) return;
        timed_out = true;
        close_all();
    });
    tally.flows_left = settings.connections;
    tally.all_done = close_all;
    for (int i = 1; i <= settings.connections; ++i) {
        if (settings.udp) {
            udp_flows.push_back(std::make_shared<UdpFlow>(io, settings, tally, i));
            udp_flows.back()->start(udp::endpoint(address, settings.port));
        } else {
            tcp_flows.push_back(std::make_shared<TcpFlow>(io, settings, tally, opener, i));
            tcp_flows.back()->start(tcp::endpoint(address, settings.port), false);
        }
    }
    io.run();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

    std::sort(tally.latencies.begin(), tally.latencies.end());
    std::cout << "{\"connections\": " << settings.connections << ", \"messages\": " << settings.messages
              << ", \"size\": " << settings.size << ", \"idle\": " << settings.idle
              << ", \"transport\": \"" << (settings.udp ? "udp" : "tcp") << "\", \"expected\": " << expected
              << ", \"replies\": " << tally.replies << ", \"wrong\": " << tally.wrong
              << ", \"failed\": " << tally.failed << ", \"timed_out\": " << (timed_out ? "true" : "false")
              << ", \"seconds\": " << seconds
              << ", \"messages_per_second\": " << (seconds > 0 ? static_cast<double>(tally.replies) / seconds : 0)
              << ", \"latency_ms\": {\"p50\": " << percentile(tally.latencies, 0.50) * 1000
              << ", \"p99\": " << percentile(tally.latencies, 0.99) * 1000
              << ", \"max\": " << (tally.latencies.empty() ? 0 : tally.latencies.back() * 1000) << "}"
              << ", \"first_problem\": " << json_string(tally.first_problem)
              << ", \"first_message\": " << json_string(tally.first_message)
              << ", \"first_reply\": " << json_string(tally.first_reply) << "}" << std::endl;
    return tally.replies == expected ? 0 : 1;
}
