// 实验 07：按行工作的时间戳服务器。TCP 是字节流，而不是消息流：
// 一次 recv() 可能只收到半行，也可能收到三行；send() 也可能只收下回复的一部分。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 07 --lang zh-CN
#include "labkit/cli.hpp"
#include "labkit/line_buffer.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 4096;

// TODO 1: 发送 `data` 的每一个字节：反复调用 send()，直到全部发出（send() 返回它收下了
//         多少字节；用 data.remove_prefix() 去掉这些字节）。如果 send() 返回 0 或更小的值，
//         就返回 false。
bool send_all([[maybe_unused]] labkit::socket_t socket, [[maybe_unused]] std::string_view data) {
    return false;
}

// TODO 2: 结束连接，并让最后一条回复仍能送达：先 shutdown(socket,
//         labkit::shut_write)，再 labkit::set_receive_timeout(socket, 1.0)，然后用 recv()
//         接收到一个临时缓冲区中，直到它返回 0 或更小的值，最后关闭套接字。
void close_gracefully(labkit::socket_t socket) {
    labkit::close_socket(socket);
}

// TODO 3: 回复一个客户端的每一行。循环：用 recv() 接收到 `data` 中（0 或更小：离开
//         循环）；用 lines.append() 加入收到的字节；对 lines.next_line() 给出的每一个完整的行，
//         send_all(labkit::timestamp_reply(line) + "\n")；如果 lines.too_long()，就用 send_all
//         发送 "error: line too long\n"，然后离开循环。最后 close_gracefully(client)。
void serve(labkit::socket_t client) {
    [[maybe_unused]] labkit::LineBuffer lines;
    close_gracefully(client);
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 4: 像实验 01 那样创建 `server`、绑定并监听。

    if (server == labkit::invalid_socket) labkit::exit_with_error("line_server: TODO 4 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    while (!labkit::stop_requested()) {
        std::cout << "waiting for connection..." << std::endl;
        sockaddr_in client_address{};
        socklen_t length = sizeof client_address;
        const labkit::socket_t client = accept(server, reinterpret_cast<sockaddr*>(&client_address), &length);
        if (client == labkit::invalid_socket) continue;
        std::cout << "connection from : " << labkit::to_text(client_address) << std::endl;
        serve(client);
    }
    labkit::close_socket(server);
}
