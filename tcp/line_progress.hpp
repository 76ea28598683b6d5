// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>

namespace udpchat {

// How far a peer has got with its lines: what a server's timeouts look at. Every line counts,
// an empty one too, so a client keeps a quiet connection open by sending empty lines.
struct line_progress {
  // When the peer last finished a line; when it connected, before its first.
  std::chrono::steady_clock::time_point last_line_end;
  // When the first byte of the line it is in the middle of arrived; empty between lines.
  std::optional<std::chrono::steady_clock::time_point> unfinished_since;
};

}  // namespace udpchat
