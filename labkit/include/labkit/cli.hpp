// The command-line contract every program of the labs follows (SPEC section 2):
// its options, its usage and exit codes, the "listening on" line, reading input.
#pragma once

#include "labkit/net.hpp"

#include <cstdint>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <vector>

namespace labkit {

// What a program was asked to do; a program reads only the fields of its own flags.
struct Options {
    std::string host = "127.0.0.1";  // --host: the IPv4 address to listen on or connect to (from lab 10: any name)
    std::uint16_t port = 21567;      // --port: the seed's port; 0 lets a server take a free one
    std::string path = "timestamp.sock";  // --path: the socket file of an AF_UNIX program
    double timeout_seconds = 2;      // --timeout: how long a UDP client waits for a reply
    int retries = 2;                 // --retries: how often a UDP client sends again
};

enum class Flag { host, port, path, timeout, retries, name };  // name: a --host of any name or address

// A command line that breaks the contract; what() says what is wrong with it.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses `args` (the arguments after the program's name) allowing only the `allowed`
// flags, each as "--flag VALUE" or "--flag=VALUE". Throws UsageError.
Options parse_options(const std::vector<std::string>& args, std::initializer_list<Flag> allowed);

// "usage: tcp_server [--host HOST] [--port PORT]".
std::string usage(const std::string& program, std::initializer_list<Flag> allowed);

// parse_options() for main(): on a bad command line prints the reason and the usage on
// stderr and exits with status 2; --help prints the usage on stdout and exits with 0.
Options options_or_exit(int argc, char* argv[], std::initializer_list<Flag> allowed);

// options_or_exit() with the flags of each kind of program.
Options server_options(int argc, char* argv[]);      // --host --port
Options client_options(int argc, char* argv[]);      // --host --port
Options udp_client_options(int argc, char* argv[]);  // --host --port --timeout --retries
Options name_options(int argc, char* argv[]);        // --host NAME (a name, IPv4 or IPv6) --port
Options unix_options(int argc, char* argv[]);        // --path

// Prints `message` (one line: what failed, on what address, and the OS reason) on stderr
// and exits with status 1.
[[noreturn]] void exit_with_error(const std::string& message);

// Prints "listening on HOST:PORT" for a bound socket, with the real port (the one the OS
// chose if the server asked for port 0), or "listening on PATH" for an AF_UNIX socket,
// and flushes, so whoever started the server can read the line at once.
void print_listening(socket_t server);

// The seed's input(">") for a client: prints the prompt ">" when stdin is a terminal
// and reads one line into `line`, without its end of line. Returns false at the end of
// input or for an empty line, the two ways a user ends the session.
bool input(std::string& line);

}  // namespace labkit
