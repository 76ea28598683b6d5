// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>

namespace udpchat::testing {

// Time left until `until`, never negative: what a poll() inside a deadline-bound wait may take.
inline std::chrono::milliseconds left_until(std::chrono::steady_clock::time_point until) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
  return left.count() > 0 ? left : std::chrono::milliseconds{0};
}

}  // namespace udpchat::testing
