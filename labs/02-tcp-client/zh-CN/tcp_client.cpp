// 实验 02：TCP 时间戳客户端（原教程的 TcpClient，用 C++ 改写）。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 02 --lang zh-CN
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // 即原教程的 ADDR = (HOST, PORT)
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 1: 让 `client` 成为一个基于 IPv4 的 TCP 套接字（原教程：socket(AF_INET, SOCK_STREAM)）。
    //         如果失败：labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());

    // TODO 2: 把 `client` 连接到 `address`（原教程：tcpCliSock.connect(ADDR)）。如果失败：
    //         labkit::exit_with_error("cannot connect to " + labkit::to_text(address) + ": " + labkit::last_error_text());

    if (client == labkit::invalid_socket) labkit::exit_with_error("tcp_client: TODO 1 is not done yet");

    std::string line;
    while (labkit::input(line)) {  // 即原教程的 data = input(">")；输入结束或遇到空行时为 false
        // TODO 3: 用 send() 发送这一行，不带换行符。如果 send 失败：
        //         labkit::exit_with_error("connection closed by server");

        // TODO 4: 用 recv() 接收回复，至多 BUFSIZE 个字节。收到 0 个字节或者出错，表示
        //         服务器已经离开：labkit::exit_with_error("connection closed by server")。
        //         否则把接收到的字节单独输出成一行：
        //         std::cout << std::string_view(buffer, received) << std::endl;
    }
    labkit::close_socket(client);
}
