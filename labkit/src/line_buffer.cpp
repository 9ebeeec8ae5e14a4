#include "labkit/line_buffer.hpp"

namespace labkit {

std::optional<std::string> LineBuffer::next_line() {
    if (too_long()) return std::nullopt;
    const std::size_t end = find_line_end();
    if (end == std::string::npos) return std::nullopt;
    const std::size_t length = end > 0 && pending_[end - 1] == '\r' ? end - 1 : end;
    std::string line = pending_.substr(0, length);
    pending_.erase(0, end + 1);
    searched_ = 0;
    return line;
}

bool LineBuffer::too_long() const {
    const std::size_t end = find_line_end();
    if (end == std::string::npos)  // the line goes on: too long once past the limit (and a "\r")
        return pending_.size() > limit_ + 1 || (pending_.size() == limit_ + 1 && pending_.back() != '\r');
    const std::size_t length = end > 0 && pending_[end - 1] == '\r' ? end - 1 : end;
    return length > limit_;
}

std::size_t LineBuffer::find_line_end() const {
    // Bytes already searched hold no "\n": a line that trickles in byte by byte is
    // searched once, not once per byte.
    const std::size_t end = pending_.find('\n', searched_);
    searched_ = end == std::string::npos ? pending_.size() : end;
    return end;
}

}  // namespace labkit
