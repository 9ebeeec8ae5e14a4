#include "labkit/cli.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

namespace labkit {

namespace {

struct FlagSpelling {
    Flag flag;
    const char* name;   // as typed: "--port"
    const char* value;  // as the usage names its value: "PORT"
};

constexpr FlagSpelling spellings[] = {
    {Flag::host, "--host", "HOST"},
    {Flag::port, "--port", "PORT"},
    {Flag::path, "--path", "PATH"},
    {Flag::timeout, "--timeout", "SECONDS"},
    {Flag::retries, "--retries", "N"},
    {Flag::name, "--host", "NAME"},
};

const FlagSpelling* find_flag(const std::string& name, std::initializer_list<Flag> allowed) {
    for (const FlagSpelling& spelling : spellings)
        if (name == spelling.name &&
            std::find(allowed.begin(), allowed.end(), spelling.flag) != allowed.end())
            return &spelling;
    return nullptr;
}

// A whole decimal number in [low, high]: "21567" yes; "", "-1", "2x", "99999" no.
bool parse_whole_number(const std::string& text, long low, long high, long& number) {
    if (text.empty() || text.size() > 9 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    number = std::stol(text);
    return number >= low && number <= high;
}

void set_option(Options& options, const FlagSpelling& flag, const std::string& value) {
    const std::string what = std::string(flag.name) + " " + value + ": ";
    long number = 0;
    switch (flag.flag) {
    case Flag::host: {
        in_addr address{};
        if (inet_pton(AF_INET, value.c_str(), &address) != 1)
            throw UsageError(what + "not an IPv4 address (like 127.0.0.1)");
        options.host = value;
        break;
    }
    case Flag::name:
        if (value.empty()) throw UsageError(what + "a name or an address, not nothing");
        options.host = value;
        break;
    case Flag::port:
        if (!parse_whole_number(value, 0, 65535, number))
            throw UsageError(what + "not a port number (0 to 65535)");
        options.port = static_cast<std::uint16_t>(number);
        break;
    case Flag::path:
        if (value.empty()) throw UsageError(what + "the path is empty");
        if (value.size() >= sizeof(sockaddr_un{}.sun_path))
            throw UsageError(what + "too long for a socket path (at most " +
                             std::to_string(sizeof(sockaddr_un{}.sun_path) - 1) + " bytes)");
        options.path = value;
        break;
    case Flag::timeout: {
        char* end = nullptr;
        const double seconds = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || !std::isfinite(seconds) || seconds <= 0 || seconds > 3600)
            throw UsageError(what + "not a number of seconds (more than 0, at most 3600)");
        options.timeout_seconds = seconds;
        break;
    }
    case Flag::retries:
        if (!parse_whole_number(value, 0, 100, number))
            throw UsageError(what + "not a number of retries (0 to 100)");
        options.retries = static_cast<int>(number);
        break;
    }
}

std::string program_name(const char* argv0) {
    std::string name = argv0 ? argv0 : "program";
    name = name.substr(name.find_last_of("/\\") + 1);
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".exe") == 0) name.resize(name.size() - 4);
    return name;
}

bool stdin_is_terminal() {
#ifdef _WIN32
    DWORD mode = 0;  // _isatty() is also true for NUL; only a console has a console mode
    return GetConsoleMode(GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
#else
    return isatty(STDIN_FILENO) != 0;
#endif
}

}  // namespace

Options parse_options(const std::vector<std::string>& args, std::initializer_list<Flag> allowed) {
    Options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::string value;
        bool has_value = false;
        if (const auto equals = name.find('='); name.rfind("--", 0) == 0 && equals != std::string::npos) {
            value = name.substr(equals + 1);
            name.resize(equals);
            has_value = true;
        }
        const FlagSpelling* flag = find_flag(name, allowed);
        if (flag == nullptr)
            throw UsageError(name.rfind("-", 0) == 0 ? "unknown option " + name
                                                      : "unexpected argument " + name);
        if (!has_value) {
            if (i + 1 == args.size()) throw UsageError(name + " needs a value: " + flag->value);
            value = args[++i];
        }
        set_option(options, *flag, value);
    }
    return options;
}

std::string usage(const std::string& program, std::initializer_list<Flag> allowed) {
    std::string text = "usage: " + program;
    for (const Flag flag : allowed)
        for (const FlagSpelling& spelling : spellings)
            if (spelling.flag == flag) text += std::string(" [") + spelling.name + " " + spelling.value + "]";
    return text;
}

Options options_or_exit(int argc, char* argv[], std::initializer_list<Flag> allowed) {
    const std::string program = program_name(argc > 0 ? argv[0] : nullptr);
    const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
    if (std::find(args.begin(), args.end(), "--help") != args.end() ||
        std::find(args.begin(), args.end(), "-h") != args.end()) {
        std::cout << usage(program, allowed) << std::endl;
        std::exit(0);
    }
    try {
        return parse_options(args, allowed);
    } catch (const UsageError& error) {
        std::cerr << program << ": " << error.what() << "\n" << usage(program, allowed) << std::endl;
        std::exit(2);
    }
}

Options server_options(int argc, char* argv[]) {
    return options_or_exit(argc, argv, {Flag::host, Flag::port});
}

Options client_options(int argc, char* argv[]) {
    return options_or_exit(argc, argv, {Flag::host, Flag::port});
}

Options name_options(int argc, char* argv[]) {
    return options_or_exit(argc, argv, {Flag::name, Flag::port});
}

Options unix_options(int argc, char* argv[]) {
    return options_or_exit(argc, argv, {Flag::path});
}

Options udp_client_options(int argc, char* argv[]) {
    return options_or_exit(argc, argv, {Flag::host, Flag::port, Flag::timeout, Flag::retries});
}

void exit_with_error(const std::string& message) {
    std::cout.flush();
    std::cerr << message << std::endl;
    std::exit(1);
}

void print_listening(socket_t server) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (getsockname(server, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        exit_with_error("cannot read the address of the listening socket: " + last_error_text());
    if (address.ss_family == AF_UNIX)
        std::cout << "listening on " << reinterpret_cast<const sockaddr_un&>(address).sun_path << std::endl;
    else
        std::cout << "listening on " << to_text(reinterpret_cast<const sockaddr*>(&address)) << std::endl;
}

bool input(std::string& line) {
    if (stdin_is_terminal()) std::cout << ">" << std::flush;
    if (!std::getline(std::cin, line)) return false;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a Windows line end
    return !line.empty();
}

}  // namespace labkit
