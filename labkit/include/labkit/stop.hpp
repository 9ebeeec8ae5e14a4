// How a server stops: on SIGINT or SIGTERM (Ctrl+C or Ctrl+Break on Windows) it
// finishes what it is doing, closes its sockets and exits with status 0.
#pragma once

#include "labkit/net.hpp"

#include <string>

namespace labkit {

// From now on, a stop signal makes stop_requested() true and wakes a call blocked on
// `server` (accept, recv, recvfrom) so the server's loop can end. A server that has not
// exited one second later is ended with status 0 (the OS closes every socket).
// Call it before print_listening(): whoever started the server may stop it as soon as it
// reads that line. Call it again to wake more sockets (at most 8).
void stop_on_signal(socket_t server);

// The same for an AF_UNIX server, whose socket file `path` is also removed if the server
// has to be ended (on a clean stop the server removes it itself).
void stop_on_signal(socket_t server, const std::string& path);

// True once a stop signal has arrived: the condition of a server's main loop.
bool stop_requested();

}  // namespace labkit
