#include "labkit/line_buffer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

// Every line `buffer` hands out now.
std::vector<std::string> lines_of(labkit::LineBuffer& buffer) {
    std::vector<std::string> lines;
    while (auto line = buffer.next_line()) lines.push_back(*line);
    return lines;
}

TEST(LineBuffer, HandsOutALineOnlyOnceItsEndIsIn) {
    labkit::LineBuffer buffer;
    buffer.append("hel");
    EXPECT_FALSE(buffer.next_line());
    buffer.append("lo");
    EXPECT_FALSE(buffer.next_line());
    buffer.append("\n");
    EXPECT_EQ(buffer.next_line(), "hello");
    EXPECT_FALSE(buffer.next_line());
    EXPECT_EQ(buffer.partial(), "");
}

TEST(LineBuffer, GivesTheSameLinesHoweverTheBytesAreSplit) {
    const std::string stream = "first\nsecond line\n\nUTF-8: \xe4\xb8\xad\xe6\x96\x87\nlast\n";
    const std::vector<std::string> expected{"first", "second line", "", "UTF-8: \xe4\xb8\xad\xe6\x96\x87", "last"};
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
        for (std::size_t second_cut = cut; second_cut <= stream.size(); ++second_cut) {
            labkit::LineBuffer buffer;
            std::vector<std::string> lines;
            const std::pair<std::size_t, std::size_t> pieces[] = {{0, cut}, {cut, second_cut}, {second_cut, stream.size()}};
            for (const auto& [from, to] : pieces) {
                buffer.append(std::string_view(stream).substr(from, to - from));
                for (auto& line : lines_of(buffer)) lines.push_back(line);
            }
            ASSERT_EQ(lines, expected) << "cut at " << cut << " and " << second_cut;
            ASSERT_EQ(buffer.partial(), "");
        }
    }
}

TEST(LineBuffer, GivesEveryLineOfOneRecvThatHoldsSeveral) {
    labkit::LineBuffer buffer;
    buffer.append("a\nb\nc\npartial");
    EXPECT_EQ(lines_of(buffer), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(buffer.partial(), "partial");
}

TEST(LineBuffer, TakesAnEmptyLineAsALine) {
    labkit::LineBuffer buffer;
    buffer.append("\n\n");
    EXPECT_EQ(lines_of(buffer), (std::vector<std::string>{"", ""}));
}

TEST(LineBuffer, DropsTheCarriageReturnOfACrLfLineEnd) {
    labkit::LineBuffer buffer;
    buffer.append("windows\r\nunix\nstray\r in the middle\n");
    EXPECT_EQ(lines_of(buffer), (std::vector<std::string>{"windows", "unix", "stray\r in the middle"}));
}

TEST(LineBuffer, KeepsNulAndNonUtf8Bytes) {
    labkit::LineBuffer buffer;
    const std::string line("a\0b\xff", 4);
    buffer.append(line + "\n");
    EXPECT_EQ(buffer.next_line(), line);
}

TEST(LineBuffer, AcceptsALineOfExactlyTheLimit) {
    labkit::LineBuffer buffer(8);
    buffer.append("12345678");
    EXPECT_FALSE(buffer.too_long());
    buffer.append("\r");
    EXPECT_FALSE(buffer.too_long());
    buffer.append("\n");
    EXPECT_EQ(buffer.next_line(), "12345678");
}

TEST(LineBuffer, RefusesALineOverTheLimitBeforeItsEndComes) {
    labkit::LineBuffer buffer(8);
    buffer.append("123456789");
    EXPECT_TRUE(buffer.too_long());
    EXPECT_FALSE(buffer.next_line());
}

TEST(LineBuffer, RefusesALongLineThatCameWhole) {
    labkit::LineBuffer buffer(8);
    buffer.append("short\n123456789\nafter\n");
    EXPECT_EQ(buffer.next_line(), "short");
    EXPECT_TRUE(buffer.too_long());
    EXPECT_FALSE(buffer.next_line());
}

TEST(LineBuffer, DefaultsToTheProtocolsLimitOf64KiB) {
    labkit::LineBuffer buffer;
    buffer.append(std::string(64 * 1024, 'x'));
    EXPECT_FALSE(buffer.too_long());
    buffer.append("\n");
    ASSERT_TRUE(buffer.next_line());
    buffer.append(std::string(64 * 1024 + 1, 'x'));
    EXPECT_TRUE(buffer.too_long());
}

TEST(LineBuffer, TakesALongLineByteByByteInLinearTime) {
    labkit::LineBuffer buffer;
    for (int i = 0; i < 64 * 1024; ++i) {
        buffer.append("y");
        ASSERT_FALSE(buffer.next_line());
    }
    buffer.append("\n");
    EXPECT_EQ(buffer.next_line()->size(), 64u * 1024u);
}

}  // namespace
