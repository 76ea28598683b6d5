// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/line_framer.hpp"

namespace udpchat {
namespace {

constexpr std::string_view line_end_bytes{"\r\n", 2};

}  // namespace

line_framer::line_framer(std::size_t max_line_bytes) : max_line_bytes_{max_line_bytes} {}

void line_framer::append(std::string_view bytes) {
  compact();
  buffer_.append(bytes);
}

line_framer::step line_framer::scan() const {
  step at{{frame_status::need_more, {}, {}}, consumed_, discarding_, after_cr_, ended_bytes_};
  for (;;) {
    const std::string_view pending = std::string_view{buffer_}.substr(at.consumed);
    if (at.after_cr && !pending.empty()) {
      at.after_cr = false;
      if (pending.front() == '\n' || pending.front() == '\0') {
        ++at.consumed;
        continue;
      }
    }
    if (at.ended_bytes > 0) {
      const std::string_view line = pending.substr(0, at.ended_bytes);
      at.consumed += at.ended_bytes;
      at.ended_bytes = 0;
      at.event = {frame_status::line, line, line};
      return at;
    }
    const auto end = pending.find_first_of(line_end_bytes);
    if (end == std::string_view::npos) {
      if (at.discarding) {
        at.consumed = buffer_.size();
      } else if (pending.size() > max_line_bytes_) {
        at.consumed = buffer_.size();
        at.discarding = true;
        at.event.status = frame_status::too_long;
      }
      return at;
    }
    std::size_t ending = 1;
    if (pending[end] == '\r') {
      if (end + 1 == pending.size()) {
        at.after_cr = true;  // the next byte, whenever it comes, may still belong to this ending
      } else if (pending[end + 1] == '\n' || pending[end + 1] == '\0') {
        ending = 2;
      }
    }
    const std::string_view wire = pending.substr(0, end + ending);
    const std::string_view line = pending.substr(0, end);
    at.consumed += wire.size();
    if (at.discarding) {
      at.discarding = false;  // reported when it began
      continue;
    }
    at.event = line.size() > max_line_bytes_ ? frame{frame_status::too_long, {}, {}}
                                             : frame{frame_status::line, line, wire};
    return at;
  }
}

frame line_framer::next() {
  const step at = scan();
  consumed_ = at.consumed;
  discarding_ = at.discarding;
  after_cr_ = at.after_cr;
  ended_bytes_ = at.ended_bytes;
  return at.event;
}

bool line_framer::holds_frame() const { return scan().event.status != frame_status::need_more; }

void line_framer::end_line() {
  if (holds_frame()) return;
  // Taking the need_more step skips what a CR ending or a too-long line still owned.
  next();
  if (discarding_) {
    discarding_ = false;
    return;
  }
  ended_bytes_ = buffer_.size() - consumed_;
}

frame line_framer::take_unterminated() {
  end_line();
  return next();
}

void line_framer::compact() {
  buffer_.erase(0, consumed_);
  consumed_ = 0;
}

}  // namespace udpchat
