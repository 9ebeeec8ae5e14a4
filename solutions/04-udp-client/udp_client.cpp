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
            sockaddr_in from{};
            socklen_t length = sizeof from;
            const auto received = recvfrom(client, data.data(), BUFSIZE, 0,
                                           reinterpret_cast<sockaddr*>(&from), &length);
            if (received < 0) continue;  // timed out (or, on Windows, "port unreachable")
            std::cout << std::string_view(data.data(), static_cast<std::size_t>(received))
                      << " from " << labkit::to_text(from) << std::endl;
            answered = true;
        }
        if (!answered) {
            std::cerr << "no reply from " << labkit::to_text(address) << std::endl;
            every_line_answered = false;
        }
    }
    labkit::close_socket(client);
    return every_line_answered ? 0 : 1;
}
