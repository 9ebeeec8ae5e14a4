// 实验 08：实验 02 的客户端，用独立版 asio 写成（同步方式）。
// 先读任务书 README.zh-CN.md。
#include "labkit/cli.hpp"

#include <asio.hpp>

#include <array>
#include <iostream>
#include <string>
#include <string_view>

using asio::ip::tcp;

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::client_options(argc, argv);
    asio::io_context io_context;
    const tcp::endpoint server(asio::ip::make_address(options.host), options.port);
    tcp::socket socket(io_context);
    asio::error_code error;

    // TODO 6: socket.connect(server, error)；如果失败：labkit::exit_with_error(
    //         "cannot connect to " + options.host + ":" + std::to_string(options.port) + ": " + error.message())。

    if (!socket.is_open()) labkit::exit_with_error("asio_tcp_client: TODO 6 is not done yet");

    std::string line;
    std::array<char, 1024> data;
    while (labkit::input(line)) {
        // TODO 7: 用 asio::write() 发送这一行，用 read_some() 把回复读进 `data`；出现任何错误时：
        //         labkit::exit_with_error("connection closed by server")。输出回复。
        (void)data;
    }
}
