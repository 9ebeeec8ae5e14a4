// 实验 06：每个连接一个线程，正如原教程“连接确认”那一步所描述的：
// 服务器为每个客户端启动一个新线程，自己立刻回去继续监听。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 06 --lang zh-CN
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

// 一个客户端的连接，以及为它服务的线程。
struct Connection {
    labkit::socket_t socket = labkit::invalid_socket;
    std::thread thread;
    std::atomic<bool> finished{false};  // 线程的最后一个动作就是设置它
};

std::mutex output;  // std::cout 由所有线程共用：一次只输出完整的一行

void log(const std::string& line) {
    const std::lock_guard<std::mutex> lock(output);
    std::cout << line << std::endl;
}

// TODO 2: 在客户端自己的线程中为它服务：在 connection.socket 上运行实验 01 中为每个客户端
//         服务的那个循环（recv，回复，直到 recv 返回 0 或更小的值），然后关闭
//         套接字，最后才设置 connection.finished = true。
void serve([[maybe_unused]] Connection& connection) {
}

// TODO 3: 回收（join）已经结束的线程，免得它们越积越多：对 `finished` 为 true 的每个连接，
//         调用 thread.join()，再把它从列表中删除（erase）。
void join_finished([[maybe_unused]] std::list<Connection>& connections) {
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: 像实验 01 那样创建 `server`、绑定并监听（许多客户端同时连接时，更长的连接队列
    //         会有帮助：listen(server, SOMAXCONN)）。

    if (server == labkit::invalid_socket) labkit::exit_with_error("threaded_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    std::list<Connection> connections;  // 用 list：在线程使用一个 Connection 期间，它绝不会被移动
    while (!labkit::stop_requested()) {
        log("waiting for connection...");

        // TODO 4: 接受一个客户端的连接；如果 accept() 失败（文件描述符用完了，EMFILE），就休眠
        //         100 ms（std::this_thread::sleep_for），然后 `continue`：立即重试会让循环
        //         空转。用 log() 输出 "connection from : HOST:PORT"。然后调用 join_finished()，
        //         向列表中加入一个 Connection（connections.emplace_back()），设置它的套接字，
        //         并启动它的线程：connection.thread = std::thread(serve, std::ref(connection))。
        //         删掉 `break`。
        break;
    }
    // TODO 5: 停止：对每个尚未结束（finished 为 false）的连接调用 shutdown(socket, labkit::shut_both)
    //         （阻塞在 recv() 中的线程会被唤醒），然后 join 每一个线程。
    labkit::close_socket(server);
}
