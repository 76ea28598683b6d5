// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/line_framer.hpp"

namespace udpchat {

line_framer::line_framer(std::size_t max_line_bytes) : max_line_bytes_{max_line_bytes} {}

void line_framer::append(std::string_view bytes) {
  compact();
  buffer_.append(bytes);
}

frame line_framer::next() {
  const std::string_view pending = std::string_view{buffer_}.substr(consumed_);
  const auto newline = pending.find('\n');
  if (discarding_) {
    if (newline == std::string_view::npos) {
      consumed_ = buffer_.size();
      return {frame_status::need_more, {}, {}};
    }
    consumed_ += newline + 1;
    discarding_ = false;
    return next();
  }
  if (newline == std::string_view::npos) {
    // One byte of slack: the line may still end in a CR that is not part of it.
    if (pending.size() > max_line_bytes_ + 1) {
      consumed_ = buffer_.size();
      discarding_ = true;
      return {frame_status::too_long, {}, {}};
    }
    return {frame_status::need_more, {}, {}};
  }
  const std::string_view wire = pending.substr(0, newline + 1);
  std::string_view line = pending.substr(0, newline);
  consumed_ += newline + 1;
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line.size() > max_line_bytes_) {
    return {frame_status::too_long, {}, {}};
  }
  return {frame_status::line, line, wire};
}

bool line_framer::holds_frame() const {
  std::string_view pending = std::string_view{buffer_}.substr(consumed_);
  if (discarding_) {
    // The rest of a too-long line is skipped first; what follows it decides, as in next().
    const auto end_of_skipped = pending.find('\n');
    if (end_of_skipped == std::string_view::npos) return false;
    pending.remove_prefix(end_of_skipped + 1);
  }
  return pending.find('\n') != std::string_view::npos || pending.size() > max_line_bytes_ + 1;
}

frame line_framer::take_unterminated() {
  std::string_view rest = std::string_view{buffer_}.substr(consumed_);
  consumed_ = buffer_.size();
  if (discarding_) {
    discarding_ = false;
    return {frame_status::need_more, {}, {}};  // already reported as too long
  }
  const std::string_view wire = rest;
  if (rest.ends_with('\r')) rest.remove_suffix(1);
  if (rest.empty()) return {frame_status::need_more, {}, {}};
  if (rest.size() > max_line_bytes_) return {frame_status::too_long, {}, {}};
  return {frame_status::line, rest, wire};
}

void line_framer::compact() {
  buffer_.erase(0, consumed_);
  consumed_ = 0;
}

}  // namespace udpchat
