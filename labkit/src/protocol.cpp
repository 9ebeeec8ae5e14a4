#include "labkit/protocol.hpp"

#include <cstdio>

namespace labkit {

std::string ctime_timestamp(std::time_t when) {
    std::tm local{};
#ifdef _WIN32
    localtime_s(&local, &when);
#else
    localtime_r(&when, &local);
#endif
    // The names are fixed English, as in ctime() (C's asctime()), whatever the locale;
    // strftime's %a and %b would follow the locale and %e is missing on older Windows.
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char text[64];
    std::snprintf(text, sizeof text, "%s %s %2d %02d:%02d:%02d %d", days[local.tm_wday],
                  months[local.tm_mon], local.tm_mday, local.tm_hour, local.tm_min,
                  local.tm_sec, local.tm_year + 1900);
    return text;
}

std::string timestamp_now() {
    // A busy server answers many messages within one second: the text is made once per
    // second and thread (making it is most of a reply's cost, and glibc's localtime_r
    // takes a process-wide lock that a thread per connection would contend for).
    thread_local std::time_t second = -1;
    thread_local std::string text;
    const std::time_t now = std::time(nullptr);
    if (now != second) {
        text = ctime_timestamp(now);
        second = now;
    }
    return text;
}

std::string timestamp_reply(std::string_view message) {
    std::string reply = "at " + timestamp_now() + " :";
    reply.append(message.data(), message.size());
    return reply;
}

}  // namespace labkit
