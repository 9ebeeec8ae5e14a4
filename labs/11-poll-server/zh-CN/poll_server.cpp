// 实验 11：多个客户端，一个线程。每个套接字都是非阻塞的，由一个 poll() 等待任何一个
// 就绪的套接字：监听套接字（有客户端等着被接受），有字节可读的客户端，或者发送缓冲区
// 有空间容纳等着发给它的回复的客户端。
// 先读任务书 README.zh-CN.md。按顺序完成各个 TODO；每完成一个，就运行
//     python3 -m harness grade 11 --lang zh-CN
#include "labkit/cli.hpp"
#include "labkit/net.hpp"
#include "labkit/protocol.hpp"
#include "labkit/stop.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

[[maybe_unused]] constexpr int BUFSIZE = 1024;
[[maybe_unused]] constexpr std::size_t MOST_UNSENT = 1 << 20;  // 客户端留下这么多字节没读走时，服务器就不再从它那里读取
using Clock = std::chrono::steady_clock;

// 一个客户端：它的套接字，以及还没发送出去的回复（send() 只收下放得下的部分）。
struct Client {
    labkit::socket_t socket = labkit::invalid_socket;
    std::string unsent;
    bool reading = true;  // 客户端发完它要发的一切之后为 false（recv() 返回了 0）
    bool gone = false;
};

// TODO 5: 发送 client.unsent 中等待着的内容，套接字现在收下多少就发送多少：循环调用 send()，
//         每次从 `unsent` 的开头删掉这次调用发送出去的部分，直到它为空（返回 true）。
//         send() 失败时，返回 labkit::would_block()：如果套接字只是满了（其余的等待
//         POLLOUT），就是 true；如果客户端已经离开，就是 false。
bool send_unsent([[maybe_unused]] Client& client) {
    return false;
}

// TODO 4: 用 recv() 从 client.socket 接收至多 BUFSIZE 个字节。如果失败，返回
//         labkit::would_block()。如果它返回 0，客户端不会再发送了，但给它的回复可能还在
//         路上：设置 client.reading = false 并返回 true（等回复都发出去之后，循环会关闭它）。
//         否则把由收到的字节构成的 labkit::timestamp_reply() 追加到
//         client.unsent，并返回 send_unsent(client)。
bool receive([[maybe_unused]] Client& client) {
    return false;
}

// TODO 3: 接受每一个正在等待的客户端：循环调用 accept()，直到它失败，然后返回
//         labkit::would_block()（为 false 表示描述符用完了，EMFILE）。把每个新套接字设为
//         非阻塞，用它构造一个 Client 加入 `clients`（Client{socket, "", true, false}），并以
//         std::endl 结尾输出 "connection from : HOST:PORT"（labkit::to_text）。
bool accept_waiting([[maybe_unused]] labkit::socket_t server, [[maybe_unused]] std::vector<Client>& clients) {
    return true;
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::server_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    [[maybe_unused]] const sockaddr_in address = labkit::make_address(options.host, options.port);
    labkit::socket_t server = labkit::invalid_socket;

    // TODO 1: 像实验 06 那样创建 `server`、绑定并监听（listen(server, SOMAXCONN)），
    //         然后把它设为非阻塞（labkit::set_non_blocking），这样 accept() 就绝不会等待；
    //         如果设置失败，就以 "cannot make the server non-blocking: REASON" 退出。

    if (server == labkit::invalid_socket) labkit::exit_with_error("poll_server: TODO 1 is not done yet");
    labkit::stop_on_signal(server);
    labkit::print_listening(server);

    std::vector<Client> clients;
    std::vector<pollfd> watched;  // watched[0] 是服务器（监听套接字），watched[i + 1] 是 clients[i]
    Clock::time_point accept_again{};  // accept() 用完描述符之后：什么时候再试
    while (!labkit::stop_requested()) {
        [[maybe_unused]] const bool accepting = Clock::now() >= accept_again;

        // TODO 2: 填写 `watched`（先 watched.assign()，再 push_back()）：先是服务器（监听套接字），
        //         `accepting` 时请求 POLLIN（否则什么也不请求，即 0）；然后每个客户端一个 pollfd：
        //         在它 `reading` 并且未发送的回复少于 MOST_UNSENT 字节时请求 POLLIN，只在它有
        //         未发送的字节时请求 POLLOUT。然后在 labkit::poll_sockets() 中等待：要等多久就等多久
        //         （-1），不在 accepting 时最多等 100 ms；如果它失败（被一个信号打断），
        //         就 `continue`。删掉 `break`。
        break;

        for (std::size_t i = 0; i < clients.size(); ++i) {
            Client& client = clients[i];
            const short ready = watched[i + 1].revents;
            if (ready & (POLLIN | POLLHUP | POLLERR)) client.gone = !receive(client);
            if (!client.gone && (ready & POLLOUT)) client.gone = !send_unsent(client);
            if (!client.reading && client.unsent.empty()) client.gone = true;  // 该说的都说了，该回复的都回复了
            if (client.gone) labkit::close_socket(client.socket);
        }
        clients.erase(std::remove_if(clients.begin(), clients.end(), [](const Client& client) { return client.gone; }),
                      clients.end());
        if ((watched[0].revents & POLLIN) && !accept_waiting(server, clients))
            accept_again = Clock::now() + std::chrono::milliseconds(100);
    }
    for (Client& client : clients) labkit::close_socket(client.socket);
    labkit::close_socket(server);
}
