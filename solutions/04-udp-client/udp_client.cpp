// Lab 04, reference solution: the seed's UdpClient in C++, made safe against loss.
// UDP may lose a datagram (or its reply): wait --timeout seconds, send again up to
// --retries times, then say so and go on, where the seed's client would wait forever.
#include "labkit/cli.hpp"
#include "labkit/net.hpp"

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

constexpr int BUFSIZE = 64 * 1024;  // a reply may be longer than any message

// Whether `reply` answers `line`: it ends with " :" + line. Anything else is a late reply
// to an earlier line (UDP delays and duplicates datagrams), not this line's.
bool answers(std::string_view reply, const std::string& line) {
    const std::string tail = " :" + line;
    return reply.size() >= tail.size() && reply.substr(reply.size() - tail.size()) == tail;
}

// Waits (--timeout) for the reply to `line` and prints it with its sender; false if none
// came. A datagram that does not answer `line` is dropped, and the wait goes on.
bool print_reply_to(labkit::socket_t client, const std::string& line, std::vector<char>& data) {
    for (;;) {
        sockaddr_in from{};
        socklen_t length = sizeof from;
        const auto received = recvfrom(client, data.data(), BUFSIZE, 0, reinterpret_cast<sockaddr*>(&from), &length);
        if (received < 0) return false;  // timed out (or, on Windows, "port unreachable")
        const std::string_view reply(data.data(), static_cast<std::size_t>(received));
        if (!answers(reply, line)) continue;
        std::cout << reply << " from " << labkit::to_text(from) << std::endl;
        return true;
    }
}

int main(int argc, char* argv[]) {
    const labkit::Options options = labkit::udp_client_options(argc, argv);
    const labkit::SocketLibrary socket_library;
    const sockaddr_in address = labkit::make_address(options.host, options.port);

    const labkit::socket_t client = socket(AF_INET, SOCK_DGRAM, 0);
    if (client == labkit::invalid_socket)
        labkit::exit_with_error("cannot create a socket: " + labkit::last_error_text());
    if (!labkit::set_receive_timeout(client, options.timeout_seconds))
        labkit::exit_with_error("cannot set a receive timeout: " + labkit::last_error_text());

    std::string line;
    std::vector<char> data(BUFSIZE);
    bool every_line_answered = true;
    while (labkit::input(line)) {
        bool answered = false;
        for (int attempt = 0; attempt <= options.retries && !answered; ++attempt) {
            sendto(client, line.data(), static_cast<int>(line.size()), 0,
                   reinterpret_cast<const sockaddr*>(&address), sizeof address);
            answered = print_reply_to(client, line, data);
        }
        if (!answered) {
            std::cerr << "no reply from " << labkit::to_text(address) << std::endl;
            every_line_answered = false;
        }
    }
    labkit::close_socket(client);
    return every_line_answered ? 0 : 1;
}
