// 实验 03：UDP 时间戳服务器（原教程的 UdpServer，用 C++ 改写）。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 03 --lang zh-CN
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>

[[maybe_unused]] constexpr int BUFSIZE = 8 * 1024;  // 协议允许的最大数据报

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // 即原教程的 ADDR = (HOST, PORT)
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: 让 `server` 成为一个基于 IPv4 的 UDP 套接字：socket(AF_INET, SOCK_DGRAM, 0)。
    //         如果失败：labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    //         （UDP 不调用 reuse_address()：见 README.zh-CN.md。）

    // TODO 2: 把 `server` 绑定到 `address`（原教程：udpSerSock.bind(ADDR)）。如果失败：
    //         labkit::exit_with_error("cannot bind " + labkit::to_text(address) + ": " + labkit::last_error_text());
    //         （UDP 没有 listen()：没有连接需要等待。）

    if (server == labkit::invalid_socket) labkit::exit_with_error("udp_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    while (!labkit::stop_requested()) {
        std::cout << "waiting for message..." << std::endl;

        // TODO 3: 用 recvfrom() 接收一个至多 BUFSIZE 字节的数据报，并把发送方的地址
        //         放进一个 sockaddr_in（原教程：data, addr = udpSerSock.recvfrom(BUFSIZE)）。
        //         小于 0 表示服务器正在停止，或者出了错：`continue`。

        // TODO 4: 用 sendto() 把 labkit::timestamp_reply({buffer, 接收到的字节数}) 发给发送方，然后
        //         输出 "...received from and returned to: " + labkit::to_text(sender)。
        //         删掉下面的 `break`。
        break;
    }
    labkit::close_socket(server);
}
