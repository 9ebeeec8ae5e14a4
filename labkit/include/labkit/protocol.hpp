// The timestamp protocol of the seed: every message DATA is answered with
// "at " + TIMESTAMP + " :" + DATA, byte for byte.
#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace labkit {

// `when` in local time, in the layout of C's ctime() but without the newline ctime()
// appends: "Wed Nov  5 09:03:07 2026", the day padded with a space, always 24 characters.
// Thread-safe (ctime() is not: it returns a pointer into one shared buffer).
std::string ctime_timestamp(std::time_t when);

// ctime_timestamp() of the current time. Made once per second and thread, and kept for
// the rest of that second (a server may answer a hundred thousand messages a second).
std::string timestamp_now();

// The reply to `message`: "at " + timestamp_now() + " :" + message. The message is
// copied verbatim, whatever its bytes: NUL, 0xFF and UTF-8 included, no newline added.
std::string timestamp_reply(std::string_view message);

}  // namespace labkit
