// 实验 05：基于 AF_UNIX 套接字的时间戳服务器（即原教程所说的“基于文件”的地址族）。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 05 --lang zh-CN
// 以你在实验 01 写的服务器为蓝本：只有地址族和套接字文件变了。
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

// TODO 1: 如果有服务器在 `address` 上应答，就返回 true：创建一个 AF_UNIX 流套接字，
//         用 connect() 把它连接到 `address`，关闭它，然后返回 connect() 是否返回了 0。
//         没有人应答的套接字文件，是某个崩溃了的服务器留下的。
bool someone_listens([[maybe_unused]] const sockaddr_un& address) {
    return false;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::unix_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_un address = labkit::make_unix_address(options.path);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 2: 如果 someone_listens(address) 为真，这个路径属于一个正在运行的服务器：
    //         labkit::exit_with_error(options.path + " is in use")。否则删除残留的
    //         套接字文件（如果有的话）：labkit::remove_socket_file(options.path)。

    // TODO 3: 像实验 01 那样，让 `server` 成为一个 AF_UNIX 流套接字，把它绑定到 `address` 并监听
    //         （错误消息："cannot bind " + options.path + ": " + labkit::last_error_text()）。
    //         这里不调用 reuse_address()：路径就是地址，而 TODO 2 已经把它清理干净了。

    if (server == labkit::invalid_socket) labkit::exit_with_error("unix_server: TODO 3 is not done yet");
    labkit::stop_on_signal(server, options.path);  // 如果服务器不得不被强制结束，它也会删除这个文件
    labkit::print_listening(server);               // 输出 "listening on PATH"

    while (!labkit::stop_requested()) {
        std::cout << "waiting for connection..." << std::endl;

        // TODO 4: 接受一个客户端的连接：accept(server, nullptr, nullptr)（本机的对端没有
        //         值得输出的地址），输出 "connection from : " + options.path，
        //         像实验 01 那样回复它的消息，然后关闭它的套接字。删掉 `break`。
        break;
    }
    labkit::close_socket(server);
    // TODO 5: 删除套接字文件：正常停止的服务器不会留下任何东西。
}
