// 实验 08：实验 06 的多线程服务器，用独立版 asio 写成（同步方式）。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 08 --lang zh-CN
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

// 一个客户端的连接，以及为它服务的线程，与实验 06 相同。
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

// TODO 3: 为一个客户端服务：循环调用 connection.socket.read_some(asio::buffer(data), error)
//         （出现错误就结束循环，asio::error::eof 也算错误），并用
//         asio::write(socket, asio::buffer(labkit::timestamp_reply(...)), error) 回复每一条消息。
//         然后结束连接，让客户端立即知道这一点：
//         connection.socket.shutdown(tcp::socket::shutdown_both, error)。最后设置
//         connection.finished = true。（套接字在 join 之后、Connection 被删除时才关闭：
//         线程运行期间，只有它自己使用这个套接字。）
void serve(Connection& connection) {
    connection.finished = true;
}

// TODO 4: 回收（join）已经结束的线程，就像你在实验 06 中写的 join_finished() 那样。
void join_finished([[maybe_unused]] std::list<Connection>& connections) {
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    asio::io_context io_context;
    const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
    tcp::acceptor acceptor(io_context);
    asio::error_code error;

    // TODO 1: 按 endpoint.protocol() 打开 acceptor，调用
    //         labkit::reuse_address(acceptor.native_handle())，把它绑定到 `endpoint`，并调用
    //         listen(asio::socket_base::max_listen_connections) 开始监听，每一步都带上 `error`；
    //         任何一步失败：labkit::exit_with_error("cannot bind " + text_of(endpoint) + ": " + error.message())。

    if (!acceptor.is_open()) labkit::exit_with_error("asio_tcp_server: TODO 1 is not done yet");
    labkit::stop_on_signal(acceptor.native_handle());
    std::cout << "listening on " << text_of(acceptor.local_endpoint()) << std::endl;

    std::list<Connection> connections;
    while (!labkit::stop_requested()) {
        log("waiting for connection...");
        // TODO 2: 先调用 join_finished(connections)（它们的套接字随之关闭：accept() 可能正需要
        //         一个描述符）。然后 tcp::socket socket = acceptor.accept(error)；出错时
        //         （描述符用完了，EMFILE），休眠 100 ms，然后 `continue`。用 log() 输出
        //         "connection from : " + text_of(socket.remote_endpoint(error))，加入一个由
        //         std::move(socket) 构造的 Connection，并用 serve() 启动它的线程。删掉 `break`。
        break;
    }
    // TODO 5: 停止：用 shutdown(connection.socket.native_handle(), labkit::shut_both) 唤醒
    //         每一个线程（这是操作系统的调用：asio 的套接字对象归它的线程使用），
    //         然后 join 每一个线程。
}
