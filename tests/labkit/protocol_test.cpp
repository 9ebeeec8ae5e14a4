#include "labkit/protocol.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <regex>
#include <string>
#include <thread>

namespace {

// Runs the tests of this file in a known time zone, and puts the old one back after.
class InTimeZone : public ::testing::Test {
protected:
    void use_time_zone(const char* zone) {
#ifdef _WIN32
        _putenv_s("TZ", zone);
        _tzset();
#else
        setenv("TZ", zone, 1);
        tzset();
#endif
    }
    void SetUp() override {
        const char* old = std::getenv("TZ");
        had_zone_ = old != nullptr;
        if (had_zone_) old_zone_ = old;
        use_time_zone("UTC0");
    }
    void TearDown() override {
#ifdef _WIN32
        _putenv_s("TZ", had_zone_ ? old_zone_.c_str() : "");
        _tzset();
#else
        if (had_zone_) setenv("TZ", old_zone_.c_str(), 1); else unsetenv("TZ");
        tzset();
#endif
    }

private:
    bool had_zone_ = false;
    std::string old_zone_;
};

using CtimeTimestamp = InTimeZone;

TEST_F(CtimeTimestamp, HasTheLayoutOfCtimeWithoutTheNewline) {
    EXPECT_EQ(labkit::ctime_timestamp(0), "Thu Jan  1 00:00:00 1970");
    EXPECT_EQ(labkit::ctime_timestamp(1795000000), "Wed Nov 18 11:06:40 2026");
}

TEST_F(CtimeTimestamp, PadsADayBelowTenWithASpace) {
    // 2026-11-05 09:03:07 UTC, the example of the specification.
    EXPECT_EQ(labkit::ctime_timestamp(1793869387), "Thu Nov  5 09:03:07 2026");
    for (std::time_t day = 0; day < 9; ++day) {
        const std::string timestamp = labkit::ctime_timestamp(1793836800 - 4 * 86400 + day * 86400);
        ASSERT_EQ(timestamp[8], ' ') << timestamp;
        ASSERT_EQ(timestamp[9], static_cast<char>('1' + day)) << timestamp;
    }
}

TEST_F(CtimeTimestamp, IsAlways24Characters) {
    for (std::time_t when = 0; when < 4'000'000'000; when += 7'777'777)
        ASSERT_EQ(labkit::ctime_timestamp(when).size(), 24u) << when;
}

TEST_F(CtimeTimestamp, IsInLocalTime) {
    use_time_zone("CST-8");  // China Standard Time, 8 hours ahead of UTC, no daylight saving
    EXPECT_EQ(labkit::ctime_timestamp(0), "Thu Jan  1 08:00:00 1970");
    use_time_zone("EST5");
    EXPECT_EQ(labkit::ctime_timestamp(0), "Wed Dec 31 19:00:00 1969");
}

TEST(TimestampNow, IsTheCurrentSecond) {
    const std::time_t before = std::time(nullptr);
    const std::string now = labkit::timestamp_now();
    const std::time_t after = std::time(nullptr);
    EXPECT_TRUE(now == labkit::ctime_timestamp(before) || now == labkit::ctime_timestamp(after)) << now;
}

// The text is made once per second and kept: the next second must bring a new one.
TEST(TimestampNow, FollowsTheClockIntoTheNextSecond) {
    labkit::timestamp_now();
    const std::time_t first = std::time(nullptr);
    for (int step = 0; step < 250 && std::time(nullptr) == first; ++step) {  // at most 1.25 s
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    const std::time_t next = std::time(nullptr);
    ASSERT_NE(next, first);
    const std::string now = labkit::timestamp_now();
    EXPECT_TRUE(now == labkit::ctime_timestamp(next) || now == labkit::ctime_timestamp(next + 1)) << now;
}

TEST(TimestampNow, IsTheCurrentSecondInEveryThread) {
    std::string now;
    std::time_t before = 0, after = 0;
    std::thread other([&] {
        before = std::time(nullptr);
        now = labkit::timestamp_now();
        after = std::time(nullptr);
    });
    other.join();
    EXPECT_TRUE(now == labkit::ctime_timestamp(before) || now == labkit::ctime_timestamp(after)) << now;
}

TEST(TimestampReply, IsAtTimestampSpaceColonMessage) {
    const std::regex layout("at (Mon|Tue|Wed|Thu|Fri|Sat|Sun) "
                            "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                            "[ 123][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [0-9]{4} :hello");
    EXPECT_TRUE(std::regex_match(labkit::timestamp_reply("hello"), layout)) << labkit::timestamp_reply("hello");
}

TEST(TimestampReply, CopiesEveryByteVerbatim) {
    const std::string message("a\0b\xff\xfe \xe4\xb8\xad\xe6\x96\x87 \r", 13);
    const std::string reply = labkit::timestamp_reply(message);
    ASSERT_EQ(reply.size(), 3 + 24 + 2 + message.size());
    EXPECT_EQ(reply.substr(0, 3), "at ");
    EXPECT_EQ(reply.substr(27, 2), " :");
    EXPECT_EQ(reply.substr(29), message);
}

TEST(TimestampReply, OfAnEmptyMessageEndsWithTheColon) {
    const std::string reply = labkit::timestamp_reply("");
    ASSERT_EQ(reply.size(), 29u);
    EXPECT_EQ(reply.back(), ':');
}

TEST(TimestampReply, AddsNoNewline) {
    EXPECT_EQ(labkit::timestamp_reply("x").find('\n'), std::string::npos);
}

}  // namespace
