// 实验 09：用 asio 的异步操作，在一个线程中同时服务所有客户端：TCP 和 UDP
// 共用同一个端口号，上千个连接，通过 signal_set 停止。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 09 --lang zh-CN
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

// 一个 TCP 连接：读一条消息，写出它的回复，再读下一条。回调持有会话
// （shared_from_this）；最后一个回调结束时，会话和套接字也随之消失。
class TcpSession : public std::enable_shared_from_this<TcpSession> {
public:
    explicit TcpSession(tcp::socket socket) : socket_(std::move(socket)) {}

    // TODO 3: socket_.async_read_some(asio::buffer(data_), 一个持有
    //         self = shared_from_this() 的回调)。在回调中：出错就返回。否则令
    //         reply_ = labkit::timestamp_reply(...)，并用 asio::async_write() 写出它，
    //         写操作的回调在没有出错时再次调用 read()。
    void read() {}

private:
    tcp::socket socket_;
    [[maybe_unused]] std::array<char, 1024> data_;  // （在 TODO 3 用到它之前标为 maybe_unused）
    std::string reply_;  // 一直存活到 async_write 用完它为止
};

class Server {
public:
    Server(asio::io_context& io_context, [[maybe_unused]] const tcp::endpoint& endpoint)
        : io_context_(io_context), acceptor_(io_context), pause_(io_context), datagrams_(io_context), signals_(io_context, SIGINT, SIGTERM) {
#ifdef SIGBREAK
        signals_.add(SIGBREAK);  // Windows 上的 Ctrl+Break
#endif
        // TODO 1: 像实验 08 那样，对 acceptor 依次调用 open、labkit::reuse_address(acceptor_.native_handle())、
        //         bind 和 listen（出错时："cannot bind ..."）。然后打开 UDP 套接字 datagrams_，
        //         把它绑定到同一个地址，以及 acceptor 得到的那个端口：
        //         acceptor_.local_endpoint().port()。

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

    // TODO 2: 以一个参数为 (asio::error_code, tcp::socket) 的回调调用 acceptor_.async_accept()：
    //         如果 acceptor 已经关闭，就返回（正在停止）；出错时（描述符用完了，
    //         EMFILE），100 ms 之后再 accept()：pause_.expires_after(...)，然后以一个调用
    //         accept() 的回调调用 pause_.async_wait()。否则启动一个会话：
    //         std::make_shared<TcpSession>(std::move(socket))->read()；然后再次 accept()。
    void accept() {}

    // TODO 4: datagrams_.async_receive_from(asio::buffer(datagram_), sender_, 回调)。在
    //         回调中：如果套接字已经关闭，就返回；没有出错时，用 async_send_to() 把回复发给
    //         发送方，回复放在一个 std::shared_ptr<std::string> 中，由发送操作的回调持有，以保持
    //         存活；然后再次 receive()，出错之后也要这样做（在 Windows 上，一个错误可能只是
    //         在说明先前的某条回复找不到接收者）。
    void receive() {}

    // TODO 5: 停止：关闭 acceptor 和 datagrams_（传入一个被忽略的 error_code），然后
    //         io_context_.stop()。
    void stop() {}

    [[maybe_unused]] asio::io_context& io_context_;  // （在 TODO 5 用到它之前标为 maybe_unused）
    tcp::acceptor acceptor_;
    [[maybe_unused]] asio::steady_timer pause_;  // 在失败的 accept 和下一次 accept 之间等待（TODO 2）
    udp::socket datagrams_;
    asio::signal_set signals_;
    [[maybe_unused]] std::array<char, 8 * 1024> datagram_;  // （在 TODO 4 用到它之前标为 maybe_unused）
    udp::endpoint sender_;
};

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    asio::io_context io_context(1);  // 只有一个线程运行它：asio 可以省掉一些加锁
    Server server(io_context, tcp::endpoint(asio::ip::make_address(options.host), options.port));
    io_context.run();
}
