#include "labkit/cli.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using labkit::Flag;

const auto server_flags = {Flag::host, Flag::port};
const auto udp_client_flags = {Flag::host, Flag::port, Flag::timeout, Flag::retries};

// The reason parse_options gives for refusing `args`, or "" if it accepts them.
std::string refusal(const std::vector<std::string>& args, std::initializer_list<Flag> allowed) {
    try {
        labkit::parse_options(args, allowed);
        return "";
    } catch (const labkit::UsageError& error) {
        return error.what();
    }
}

TEST(ParseOptions, DefaultsToTheSeedsAddressOnLoopback) {
    const labkit::Options options = labkit::parse_options({}, server_flags);
    EXPECT_EQ(options.host, "127.0.0.1");
    EXPECT_EQ(options.port, 21567);
    EXPECT_EQ(options.timeout_seconds, 2);
    EXPECT_EQ(options.retries, 2);
}

TEST(ParseOptions, TakesValuesAfterASpaceOrAnEqualsSign) {
    const labkit::Options options = labkit::parse_options({"--host", "0.0.0.0", "--port=0"}, server_flags);
    EXPECT_EQ(options.host, "0.0.0.0");
    EXPECT_EQ(options.port, 0);
}

TEST(ParseOptions, TakesTheUdpClientsTimeoutAndRetries) {
    const labkit::Options options =
        labkit::parse_options({"--timeout", "0.25", "--retries", "0"}, udp_client_flags);
    EXPECT_DOUBLE_EQ(options.timeout_seconds, 0.25);
    EXPECT_EQ(options.retries, 0);
}

TEST(ParseOptions, RefusesAnUnknownFlag) {
    EXPECT_EQ(refusal({"--bogus"}, server_flags), "unknown option --bogus");
    EXPECT_EQ(refusal({"--timeout", "1"}, server_flags), "unknown option --timeout");
}

TEST(ParseOptions, RefusesAStrayArgument) {
    EXPECT_EQ(refusal({"8080"}, server_flags), "unexpected argument 8080");
}

TEST(ParseOptions, RefusesAFlagWithoutItsValue) {
    EXPECT_EQ(refusal({"--port"}, server_flags), "--port needs a value: PORT");
}

TEST(ParseOptions, RefusesABadPort) {
    for (const char* port : {"", "-1", "65536", "80x", "0x50", "1e3", "99999999999"})
        EXPECT_EQ(refusal({"--port", port}, server_flags),
                  std::string("--port ") + port + ": not a port number (0 to 65535)");
    EXPECT_EQ(refusal({"--port", "65535"}, server_flags), "");
}

TEST(ParseOptions, RefusesAHostThatIsNotAnIpv4Address) {
    EXPECT_EQ(refusal({"--host", "localhost"}, server_flags),
              "--host localhost: not an IPv4 address (like 127.0.0.1)");
    EXPECT_EQ(refusal({"--host", "127.0.0.256"}, server_flags),
              "--host 127.0.0.256: not an IPv4 address (like 127.0.0.1)");
}

TEST(ParseOptions, TakesAnyNameOrAddressFromLab10On) {
    const auto name_flags = {Flag::name, Flag::port};
    for (const char* host : {"localhost", "::1", "127.0.0.1", "::", "example.org"})
        EXPECT_EQ(labkit::parse_options({"--host", host}, name_flags).host, host);
    EXPECT_EQ(refusal({"--host", ""}, name_flags), "--host : a name or an address, not nothing");
    EXPECT_EQ(labkit::usage("name_client", name_flags), "usage: name_client [--host NAME] [--port PORT]");
}

TEST(ParseOptions, RefusesABadTimeoutOrRetryCount) {
    for (const char* seconds : {"0", "-1", "abc", "nan", "inf", "1s", "3601"})
        EXPECT_NE(refusal({"--timeout", seconds}, udp_client_flags), "") << seconds;
    for (const char* retries : {"-1", "101", "two"})
        EXPECT_NE(refusal({"--retries", retries}, udp_client_flags), "") << retries;
}

TEST(ParseOptions, TakesASocketPathOfAFitLength) {
    const auto unix_flags = {Flag::path};
    EXPECT_EQ(labkit::parse_options({}, unix_flags).path, "timestamp.sock");
    EXPECT_EQ(labkit::parse_options({"--path", "/tmp/lab.sock"}, unix_flags).path, "/tmp/lab.sock");
    EXPECT_EQ(refusal({"--path", ""}, unix_flags), "--path : the path is empty");
    EXPECT_NE(refusal({"--path", std::string(200, 'x')}, unix_flags).find("too long for a socket path"),
              std::string::npos);
}

TEST(Usage, ListsTheProgramsFlagsInOrder) {
    EXPECT_EQ(labkit::usage("tcp_server", server_flags), "usage: tcp_server [--host HOST] [--port PORT]");
    EXPECT_EQ(labkit::usage("udp_client", udp_client_flags),
              "usage: udp_client [--host HOST] [--port PORT] [--timeout SECONDS] [--retries N]");
}

char** argv_of(std::vector<std::string>& args) {
    static std::vector<char*> pointers;
    pointers.clear();
    for (std::string& arg : args) pointers.push_back(arg.data());
    pointers.push_back(nullptr);
    return pointers.data();
}

TEST(OptionsOrExit, ExitsWith2AndTheUsageOnABadCommandLine) {
    std::vector<std::string> args{"/path/to/tcp_server.exe", "--port", "x"};
    EXPECT_EXIT(labkit::server_options(3, argv_of(args)), ::testing::ExitedWithCode(2),
                "tcp_server: --port x: not a port number \\(0 to 65535\\)\n"
                "usage: tcp_server \\[--host HOST\\] \\[--port PORT\\]");
}

TEST(OptionsOrExit, ExitsWith0ForHelp) {
    std::vector<std::string> args{"tcp_client", "--help"};
    EXPECT_EXIT(labkit::client_options(2, argv_of(args)), ::testing::ExitedWithCode(0), "");
}

TEST(ExitWithError, PrintsTheMessageAndExitsWith1) {
    EXPECT_EXIT(labkit::exit_with_error("cannot bind 127.0.0.1:21567: Address already in use"),
                ::testing::ExitedWithCode(1), "^cannot bind 127.0.0.1:21567: Address already in use\n$");
}

}  // namespace
