#include "labkit/stop.hpp"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#ifndef _WIN32
#include <cerrno>
#include <csignal>
#include <pthread.h>
#include <unistd.h>
#endif

namespace labkit {

namespace {

constexpr auto grace_period = std::chrono::seconds(1);
constexpr int max_sockets = 8;

std::atomic<bool> stopping{false};
socket_t sockets_to_wake[max_sockets];
std::atomic<int> socket_count{0};  // how many of sockets_to_wake are set; grows after the entry is written
std::mutex registration;
std::string socket_file;  // an AF_UNIX server's socket file, removed if the server must be ended

// The end of a server that did not finish in time: flush what it printed, remove its
// socket file, and exit with 0 (the OS closes every socket).
[[noreturn]] void exit_now() {
    std::fflush(nullptr);
    {
        const std::lock_guard<std::mutex> lock(registration);
        if (!socket_file.empty()) remove_socket_file(socket_file);
    }
    std::_Exit(0);
}

#ifdef _WIN32

BOOL WINAPI on_console_event(DWORD event) {
    if (event != CTRL_C_EVENT && event != CTRL_BREAK_EVENT && event != CTRL_CLOSE_EVENT) return FALSE;
    stopping = true;
    // Windows runs this in a thread of its own. Closing a socket wakes a call blocked on it;
    // the server's own close_socket() of it afterwards fails harmlessly.
    for (int i = 0; i < socket_count.load(); ++i) closesocket(sockets_to_wake[i]);
    std::this_thread::sleep_for(grace_period);
    exit_now();
}

void install_handlers() {
    SetConsoleCtrlHandler(on_console_event, TRUE);
}

#else

int wake_pipe[2] = {-1, -1};
pthread_t server_thread;  // the thread that called stop_on_signal(): the server's main loop

extern "C" void on_stop_signal(int) {
    // Only async-signal-safe calls here. Without SA_RESTART the signal also makes the call
    // blocked in the thread it lands on return EINTR.
    const int saved_errno = errno;
    stopping = true;
    for (int i = 0; i < socket_count.load(); ++i) shutdown(sockets_to_wake[i], SHUT_RDWR);
    const char byte = 1;
    if (write(wake_pipe[1], &byte, 1) < 0) { /* the watchdog is already awake */ }
    errno = saved_errno;
}

// The watchdog: once a stop signal has come, give the server the grace period to finish.
// Meanwhile it signals the server's thread again every few milliseconds: a signal that
// lands just before the thread enters a blocking call (between its check of
// stop_requested() and a recv(), say) cannot interrupt that call, but the next one will.
void end_after_grace_period() {
    char byte = 0;
    while (read(wake_pipe[0], &byte, 1) < 0 && errno == EINTR) {}
    const auto step = std::chrono::milliseconds(20);
    for (auto waited = step; waited < grace_period; waited += step) {
        std::this_thread::sleep_for(step);
        pthread_kill(server_thread, SIGTERM);
    }
    exit_now();
}

void install_handlers() {
    if (pipe(wake_pipe) != 0) return;
    server_thread = pthread_self();
    // The watchdog blocks the stop signals, so that they interrupt the server's own threads.
    sigset_t stop_signals, previous;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
    std::thread(end_after_grace_period).detach();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);

    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

#endif

}  // namespace

void stop_on_signal(socket_t server) {
    const std::lock_guard<std::mutex> lock(registration);
    static std::once_flag installed;
    std::call_once(installed, install_handlers);
    const int count = socket_count.load();
    if (count == max_sockets) return;
    sockets_to_wake[count] = server;
    socket_count.store(count + 1);
}

void stop_on_signal(socket_t server, const std::string& path) {
    stop_on_signal(server);
    const std::lock_guard<std::mutex> lock(registration);
    socket_file = path;
}

bool stop_requested() {
    return stopping.load();
}

}  // namespace labkit
