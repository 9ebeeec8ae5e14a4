// 实验 10：实验 02 的客户端，适用于一个名字，或者任一地址族的地址（localhost、::1、
// 127.0.0.1）。先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 10 --lang zh-CN
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>

[[maybe_unused]] constexpr int BUFSIZE = 1024;

// 返回 `addresses` 中第一个接受连接的地址的套接字（已连接）；都不接受时，等每个地址都在
// stderr 上说明了 "cannot connect to ADDRESS: REASON" 之后，返回 invalid_socket。
labkit::socket_t connect_to_any([[maybe_unused]] const addrinfo* addresses) {
    // TODO 2: 对列表中的每个地址（address->ai_next 是下一个；遇到 nullptr 结束）：
    //         - 创建一个属于它的地址族的套接字：socket(address->ai_family, address->ai_socktype,
    //           address->ai_protocol)；如果失败，就继续下一个地址；
    //         - 用 connect() 把它连接到 address->ai_addr（长度为 address->ai_addrlen）：如果
    //           成功，就返回这个套接字；
    //         - 如果失败：先保存原因（labkit::last_error_text()：输出可能会改变错误码，
    //           在 Wine 下就是这样），然后 std::cerr << "cannot connect to "
    //           << labkit::to_text(address->ai_addr) << ": " << reason << std::endl；关闭
    //           这个套接字，继续下一个地址。
    return labkit::invalid_socket;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::name_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    addrinfo* addresses = nullptr;

    // TODO 1: 用 getaddrinfo() 把 options.host 和 options.port 解析到 `addresses` 中：
    //         hints 为任一地址族（AF_UNSPEC）、TCP 套接字（SOCK_STREAM）；端口以文本
    //         形式给出（std::to_string(options.port).c_str()）。如果它返回一个错误码：
    //         labkit::exit_with_error("cannot resolve " + options.host + ": " + gai_strerror(code));

    if (addresses == nullptr) labkit::exit_with_error("name_client: TODO 1 is not done yet");
    const labkit::socket_t client = connect_to_any(addresses);
    // TODO 3: 释放这个列表：freeaddrinfo(addresses)。

    if (client == labkit::invalid_socket) std::exit(1);  // （每个地址都已经说明了原因）

    std::string line;
    while (labkit::input(line)) {  // 输入结束或遇到空行时为 false
        // TODO 4: 像你在实验 02 写的客户端那样：用 send() 发送这一行；用 recv() 接收回复（至多
        //         BUFSIZE 个字节），并把它单独输出成一行。send 失败，或者 recv() 得到
        //         0 个或更少的字节：labkit::exit_with_error("connection closed by server")。
    }
    labkit::close_socket(client);
}
