// 实验 10：实验 01 的服务器，在 --host 给出的名字的每个地址上监听，IPv6 和 IPv4 同时进行。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 10 --lang zh-CN
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <iostream>
#include <string>
#include <thread>
#include <vector>

[[maybe_unused]] constexpr int BUFSIZE = 1024;
constexpr int MOST_SOCKETS = 8;  // labkit::stop_on_signal() 最多唤醒 8 个套接字

// 实验 01 的循环：一次一个客户端，回复每一条消息，直到服务器停止。
// （你在实验 01 写的服务器中的内层循环放进 TODO 5。）
// 任一地址族的地址都能放进一个 sockaddr_storage。
void serve(labkit::socket_t server) {
    while (!labkit::stop_requested()) {
        sockaddr_storage client_address{};
        socklen_t length = sizeof client_address;
        const labkit::socket_t client = accept(server, reinterpret_cast<sockaddr*>(&client_address), &length);
        if (client == labkit::invalid_socket) continue;  // 正在停止，或者客户端先放弃了
        std::cout << "connection from : " + labkit::to_text(reinterpret_cast<sockaddr*>(&client_address)) + "\n"
                  << std::flush;
        // TODO 5: 像你在实验 01 写的服务器那样回复这个客户端：用 recv() 接收至多 BUFSIZE 个字节，
        //         用 send() 发回由这些字节构成的 labkit::timestamp_reply()，直到 recv() 返回 0（客户端
        //         关闭了连接）或更小的值（出错）。
        labkit::close_socket(client);
    }
}

// 设置一个 IPv4 或 IPv6 地址的端口。
void set_port(sockaddr* address, std::uint16_t port) {
    if (address->sa_family == AF_INET6)
        reinterpret_cast<sockaddr_in6*>(address)->sin6_port = htons(port);
    else
        reinterpret_cast<sockaddr_in*>(address)->sin_port = htons(port);
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::name_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    addrinfo* addresses = nullptr;

    // TODO 1: 像客户端那样，用 getaddrinfo() 把 options.host 和 options.port 解析到 `addresses` 中，
    //         多加一个 hint：ai_flags = AI_PASSIVE（要监听的地址）。如果失败：
    //         labkit::exit_with_error("cannot resolve " + options.host + ": "
    //         + gai_strerror(code));

    if (addresses == nullptr) labkit::exit_with_error("dual_server: TODO 1 is not done yet");
    bool has_ipv4 = false;
    for (const addrinfo* address = addresses; address != nullptr; address = address->ai_next)
        has_ipv4 = has_ipv4 || address->ai_family == AF_INET;

    std::vector<labkit::socket_t> servers;
    std::uint16_t port = options.port;  // 为 0 时：用第一个套接字得到的端口，所有套接字都用它
    for (addrinfo* address = addresses; address != nullptr && servers.size() < MOST_SOCKETS;
         address = address->ai_next) {
        const std::string where = labkit::to_text(address->ai_addr);
        labkit::socket_t server = labkit::invalid_socket;
        // TODO 2: 让 `server` 成为一个属于这个地址的地址族的套接字（与客户端的做法相同）。
        //         如果失败：labkit::exit_with_error("cannot create a socket for " + where
        //         + ": " + labkit::last_error_text());

        // TODO 3: 对 IPv6 地址（address->ai_family == AF_INET6），用 labkit::set_v6only(server, only)
        //         说明它是否只接受 IPv6：只有旁边还有一个 IPv4 套接字时（has_ipv4）才只接受 IPv6；
        //         否则它必须也接受 IPv4 客户端。如果失败：
        //         labkit::exit_with_error("cannot set IPV6_V6ONLY on " + where + ": " + ...);

        if (server == labkit::invalid_socket) labkit::exit_with_error("dual_server: TODO 2 is not done yet");
        labkit::reuse_address(server);
        set_port(address->ai_addr, port);
        if (bind(server, address->ai_addr, static_cast<socklen_t>(address->ai_addrlen)) != 0)
            labkit::exit_with_error("cannot bind " + labkit::to_text(address->ai_addr) + ": " +
                                    labkit::last_error_text());
        if (listen(server, 5) != 0)
            labkit::exit_with_error("cannot listen on " + where + ": " + labkit::last_error_text());
        if (port == 0) {  // 操作系统选定的端口：后面的套接字都用同一个
            sockaddr_storage bound{};
            socklen_t length = sizeof bound;
            getsockname(server, reinterpret_cast<sockaddr*>(&bound), &length);
            port = ntohs(reinterpret_cast<sockaddr_in&>(bound).sin_port);  // （在两个地址族中，端口的位置相同）
        }
        servers.push_back(server);
    }
    freeaddrinfo(addresses);
    for (const labkit::socket_t server : servers) {
        labkit::stop_on_signal(server);
        labkit::print_listening(server);
    }

    std::vector<std::thread> threads;
    // TODO 4: 同时为每个监听套接字服务：每个套接字一个线程，运行 serve(server)
    //         （threads.emplace_back(serve, server)）；然后等待所有线程：对每一个调用 join()。

    for (const labkit::socket_t server : servers) labkit::close_socket(server);
}
