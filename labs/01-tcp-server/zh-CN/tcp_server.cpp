// 实验 01：TCP 时间戳服务器（原教程的 TcpServer，用 C++ 改写）。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 01 --lang zh-CN
// 然后看着又多一个检查项通过。
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

[[maybe_unused]] constexpr int BUFSIZE = 1024;  // 一次 recv() 最多接收的字节数：一条消息

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // 即原教程的 ADDR = (HOST, PORT)
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: 让 `server` 成为一个基于 IPv4 的 TCP 套接字：socket(AF_INET, SOCK_STREAM, 0)。
    //         如果失败：labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    //         然后调用 labkit::reuse_address(server)，这样重新启动的服务器能立即绑定端口。

    // TODO 2: 把 `server` 绑定到 `address`（原教程：tcpSerSock.bind(ADDR)）。如果失败：
    //         labkit::exit_with_error("cannot bind " + labkit::to_text(address) + ": " + labkit::last_error_text());

    // TODO 3: 在 `server` 上监听，连接队列长度为 5（原教程：tcpSerSock.listen(5)），
    //         失败时给出与 TODO 2 同类的错误消息（"cannot listen on ..."）。

    if (server == labkit::invalid_socket) labkit::exit_with_error("tcp_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);   // 按 Ctrl+C 会结束下面的循环，accept() 也随之返回
    labkit::print_listening(server);  // 输出 "listening on 127.0.0.1:PORT"：评分工具由此得知你已经准备好了

    while (!labkit::stop_requested()) {
        std::cout << "waiting for connection..." << std::endl;

        // TODO 4: 接受一个客户端的连接（原教程：tcpCliSock, addr = tcpSerSock.accept()），
        //         把它的地址放进一个 sockaddr_in。如果 accept() 返回 labkit::invalid_socket，就 `continue`
        //         （服务器正在停止，或者客户端放弃了）。否则输出
        //         "connection from : " + labkit::to_text(client_address)。

        // TODO 5: 回复这个客户端的每一条消息（原教程内层的 `while True`）：
        //         用 recv() 把至多 BUFSIZE 个字节接收到一个缓冲区中；0 个字节表示客户端
        //         关闭了连接，小于 0 表示出错：这两种情况都离开循环。否则用 send() 发回
        //         labkit::timestamp_reply({buffer, 接收到的字节数})。

        // TODO 6: 用 labkit::close_socket() 关闭客户端的套接字，然后回到循环开头，
        //         接受下一个客户端。删掉下面的 `break`。
        break;
    }
    labkit::close_socket(server);
}
