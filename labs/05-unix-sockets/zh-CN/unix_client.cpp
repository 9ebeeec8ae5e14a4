// 实验 05：基于 AF_UNIX 套接字的时间戳客户端。
// 先读任务书 README.zh-CN.md。以你在实验 02 写的客户端为蓝本：只有地址变了。
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::unix_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_un address = labkit::make_unix_address(options.path);
    labkit::socket_t client = labkit::invalid_socket;

    // TODO 6: 让 `client` 成为一个 AF_UNIX 流套接字，并把它连接到 `address`。如果 connect
    //         失败：labkit::exit_with_error("cannot connect to " + options.path + ": " + ...)。

    if (client == labkit::invalid_socket) labkit::exit_with_error("unix_client: TODO 6 is not done yet");

    std::string line;
    while (labkit::input(line)) {
        // TODO 7: 像实验 02 那样，发送这一行，接收回复并输出它
        //         （服务器已经离开时："connection closed by server"）。
    }
    labkit::close_socket(client);
}
