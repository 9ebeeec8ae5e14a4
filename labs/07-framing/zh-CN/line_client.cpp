// 实验 07：按行工作的时间戳客户端：把每一行连同它的 "\n" 完整地发送出去，然后读取回复，
// 直到回复自己的 "\n" 到达为止，不管这需要调用多少次 recv()。
// 先读任务书 README.zh-CN.md。
#include "labkit/cli.hpp"
#include "labkit/line_buffer.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 4096;
constexpr std::size_t longest_reply = labkit::LineBuffer::default_limit + 64;  // 一行，再加上 "at TIMESTAMP :"

// TODO 5: 与 line_server.cpp 中的 send_all() 相同。
bool send_all([[maybe_unused]] labkit::socket_t socket, [[maybe_unused]] std::string_view data) {
    return false;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 6: 像实验 02 那样创建 `client`，并把它连接到 `address`。

    if (client == labkit::invalid_socket) labkit::exit_with_error("line_client: TODO 6 is not done yet");

    [[maybe_unused]] labkit::LineBuffer replies(longest_reply);
    std::string line;
    while (labkit::input(line)) {
        // TODO 7: send_all(line + "\n")（失败时："connection closed by server"）。然后
        //         取 replies.next_line()；只要还没有完整的一行，就用 recv() 接收更多字节，
        //         并用 replies.append() 加进去（0 或更小："connection closed by server"）。
        //         输出这一行回复。
    }
    labkit::close_socket(client);
}
