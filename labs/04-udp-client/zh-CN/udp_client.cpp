// 实验 04：UDP 时间戳客户端（原教程的 UdpClient，用 C++ 改写），并且不怕丢包。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 04 --lang zh-CN
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

constexpr int BUFSIZE = 64 * 1024;  // 回复可能比任何一条消息都长

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::udp_client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);  // 即原教程的 ADDR = (HOST, PORT)
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 1: 让 `client` 成为一个基于 IPv4 的 UDP 套接字（原教程：socket(AF_INET, SOCK_DGRAM)）。
    //         如果失败：labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());

    // TODO 2: 让 recvfrom() 在等待 options.timeout_seconds 秒之后放弃：
    //         labkit::set_receive_timeout(client, options.timeout_seconds)。

    if (client == labkit::invalid_socket) labkit::exit_with_error("udp_client: TODO 1 is not done yet");

    std::string line;
    std::vector<char> buffer(BUFSIZE);
    bool every_line_answered = true;
    while (labkit::input(line)) {
        bool answered = false;
        // TODO 3: 最多尝试 1 + options.retries 次，直到得到回复（`answered`）：
        //         用 sendto() 把这一行发送到 `address`（原教程：udpCliSock.sendto(data, ADDR)），然后
        //         用 recvfrom() 把回复接收到 `buffer` 中，同时取得发送方的地址。小于 0 表示
        //         等待超时了：再试一次。否则输出回复和它的发送方：
        //         std::cout << std::string_view(buffer.data(), received)
        //                   << " from " << labkit::to_text(sender) << std::endl;
        //         注意：一个数据报可能是对前面某一行的迟到回复（见 README.zh-CN.md 的 TODO 3）。

        if (!answered) {
            std::cerr << "no reply from " << labkit::to_text(address) << std::endl;
            every_line_answered = false;
        }
    }
    labkit::close_socket(client);
    return every_line_answered ? 0 : 1;
}
