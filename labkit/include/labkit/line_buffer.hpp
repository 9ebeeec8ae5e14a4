// Framing a byte stream into lines. TCP delivers bytes, not messages: one recv() may
// return half a line, or three lines and the start of a fourth. A LineBuffer keeps what
// has come and hands out each line once its "\n" is in.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace labkit {

class LineBuffer {
public:
    static constexpr std::size_t default_limit = 64 * 1024;  // the protocol's longest line

    // `limit`: the longest line accepted, in bytes, without its line end.
    explicit LineBuffer(std::size_t limit = default_limit) : limit_(limit) {}

    // Adds bytes as recv() returned them.
    void append(std::string_view bytes) { pending_.append(bytes.data(), bytes.size()); }

    // The next complete line, without its "\n" (nor a "\r" just before it), or nothing if
    // no whole line is in yet, or if the next line is longer than the limit.
    std::optional<std::string> next_line();

    // True if the next line is longer than the limit: it will never be handed out, and
    // the protocol answers "error: line too long" and closes the connection.
    bool too_long() const;

    // The bytes held that make no complete line yet.
    std::string_view partial() const { return pending_; }

private:
    std::size_t find_line_end() const;  // where the first "\n" is, or npos

    std::size_t limit_;
    std::string pending_;               // bytes received and not yet handed out
    mutable std::size_t searched_ = 0;  // pending_[0, searched_) holds no "\n"
};

}  // namespace labkit
