"""Planted C++ mistakes: each is a solution (solutions/NN-name/PROGRAM.cpp) with exactly one
mistake in it, made by replacing one piece of its text, so that it follows the solution as
that changes. tests/harness/test_planted_cpp.py grades each one and expects its check to
fail with its hint. CMake writes them at configure time and builds them:

    python3 tests/planted_cpp/plant.py OUTPUT_DIR

writes OUTPUT_DIR/NAME.cpp for each (only if changed) and prints "NAME LAB_FOLDER" lines.
It fails, naming the mistake, when a solution no longer has the text to replace: plant
that mistake again by hand."""

import os
import sys

# name: (solution, text in it, text that replaces it, what is wrong)
PLANTED = {
    "line_server_sends_once": (
        "07-framing/line_server.cpp", "    while (!data.empty()) {", "    if (!data.empty()) {",
        "send_all() calls send() once, whatever count it returned"),
    "line_client_sends_once": (
        "07-framing/line_client.cpp", "    while (!data.empty()) {", "    if (!data.empty()) {",
        "the same, in the client"),
    "threaded_accept_spins": (
        "06-threaded-server/threaded_server.cpp",
        "            std::this_thread::sleep_for(std::chrono::milliseconds(100));\n", "",
        "a failed accept() (out of descriptors) is tried again at once"),
    "asio_sync_no_shutdown": (
        "08-asio-sync/asio_tcp_server.cpp",
        "    connection.socket.shutdown(tcp::socket::shutdown_both, ignored);\n", "",
        "a finished connection ends only when its Connection is erased, at the next client"),
    "asio_client_reads_whole_buffer": (
        "08-asio-sync/asio_tcp_client.cpp", "socket.read_some(asio::buffer(data), error)",
        "asio::read(socket, asio::buffer(data), error)",
        "asio::read() waits for 1024 bytes, which a reply never has"),
    "asio_async_overlapping_writes": (
        "09-asio-async/asio_async_server.cpp",
        "[self](asio::error_code write_error, std::size_t) {\n"
        "                                  if (!write_error) self->read();  // only now: one write at a time\n"
        "                              });",
        "[self](asio::error_code, std::size_t) {});\n            self->read();",
        "the next read starts before the write is done: two writes at once, reply_ overwritten"),
    "asio_async_accept_spins": (
        "09-asio-async/asio_async_server.cpp",
        "                pause_.expires_after(std::chrono::milliseconds(100));\n"
        "                pause_.async_wait([this](asio::error_code) { accept(); });\n",
        "                accept();\n",
        "a failed accept is started again at once"),
    "poll_blocking_clients": (
        "11-poll-server/poll_server.cpp", "        labkit::set_non_blocking(socket);\n", "",
        "the clients' sockets stay blocking: a send() to one that does not read waits, and everyone with it"),
    "poll_partial_write_lost": (
        "11-poll-server/poll_server.cpp",
        "        if (sent < 0) return labkit::would_block();  // full: the rest waits for POLLOUT\n"
        "        client.unsent.erase(0, static_cast<std::size_t>(sent));\n",
        "        client.unsent.clear();  // whatever send() took\n"
        "        if (sent < 0) return labkit::would_block();\n",
        "what send() did not take is dropped"),
    "poll_closes_at_end_of_input": (
        "11-poll-server/poll_server.cpp",
        "    if (received == 0) {  // it sends no more, but its replies may still be on their way\n"
        "        client.reading = false;\n"
        "        return true;\n"
        "    }\n",
        "    if (received == 0) return false;\n",
        "a client that shuts down its sending side is closed at once, its replies still waiting"),
    "poll_pollout_always": (
        "11-poll-server/poll_server.cpp",
        "            if (!client.unsent.empty()) events |= POLLOUT;",
        "            events |= POLLOUT;",
        "POLLOUT asked for always: poll() returns at once, forever"),
    "name_client_ipv4_only": (
        "10-names-ipv6/name_client.cpp", "    hints.ai_family = AF_UNSPEC;      // IPv4 or IPv6: whatever the name has",
        "    hints.ai_family = AF_INET;", "getaddrinfo() asked for IPv4 addresses only"),
    "name_client_first_address_only": (
        "10-names-ipv6/name_client.cpp", "        labkit::close_socket(client);\n    }",
        "        labkit::close_socket(client);\n        break;\n    }",
        "the first address that refuses ends the trying"),
    "name_client_errno_reason": (
        "10-names-ipv6/name_client.cpp", "\": \" + gai_strerror(resolved));", "\": \" + labkit::last_error_text());",
        "the reason a name cannot be resolved taken from errno, which getaddrinfo() does not set"),
    "dual_server_ipv4_only": (
        "10-names-ipv6/dual_server.cpp", "    hints.ai_family = AF_UNSPEC;\n", "    hints.ai_family = AF_INET;\n",
        "getaddrinfo() asked for IPv4 addresses only: no IPv6 socket"),
    "dual_server_first_address_only": (
        "10-names-ipv6/dual_server.cpp", "address != nullptr && servers.size() < MOST_SOCKETS;",
        "address != nullptr && servers.empty();", "a socket for the first address only"),
    "dual_server_v6only_left_default": (
        "10-names-ipv6/dual_server.cpp",
        "        if (address->ai_family == AF_INET6 && !labkit::set_v6only(server, has_ipv4))\n"
        "            labkit::exit_with_error(\"cannot set IPV6_V6ONLY on \" + where + \": \" + labkit::last_error_text());\n",
        "", "IPV6_V6ONLY left at the platform's default (on Windows: IPv6 only)"),
}


def plant(solutions, name):
    solution, old, new, _ = PLANTED[name]
    with open(os.path.join(solutions, solution), encoding="utf-8") as source:
        text = source.read()
    if text.count(old) != 1:
        sys.exit("planted mistake {}: solutions/{} has {} copies of the text to replace, not 1: plant it "
                 "again by hand in tests/planted_cpp/plant.py".format(name, solution, text.count(old)))
    return text.replace(old, new)


def main(output):
    solutions = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "solutions")
    os.makedirs(output, exist_ok=True)
    for name, (solution, _, _, _) in PLANTED.items():
        text = plant(solutions, name)
        path = os.path.join(output, name + ".cpp")
        if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
            with open(path, "w", encoding="utf-8") as planted:
                planted.write(text)
        print("{} {}".format(name, solution.split("/")[0]))


if __name__ == "__main__":
    main(sys.argv[1])
