// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A token bucket kept as one timestamp per member (the "generic cell rate algorithm"): the
// bucket is described by the time it will be full again, so nothing needs refilling. The UDP hub
// paces datagrams with it, the TCP servers lines.

#include <chrono>
#include <cstdint>

namespace udpchat {

class send_rate_limit {
 public:
  using clock = std::chrono::steady_clock;

  // `per_second` messages a second on average, up to `burst` at once. per_second == 0 is off.
  send_rate_limit(std::uint32_t per_second, std::uint32_t burst)
      : interval_{per_second == 0 ? clock::duration::zero()
                                  : std::chrono::duration_cast<clock::duration>(std::chrono::seconds{1}) /
                                        per_second},
        tolerance_{interval_ * (burst == 0 ? 0 : burst - 1)} {}

  bool enabled() const { return interval_ != clock::duration::zero(); }

  // Takes one message's worth from the bucket whose state is `full_at`; false (and the state
  // unchanged) when the bucket is empty.
  bool allow(clock::time_point& full_at, clock::time_point now) const {
    if (!enabled()) return true;
    const clock::time_point start = full_at < now ? now : full_at;
    if (start - now > tolerance_) return false;
    full_at = start + interval_;
    return true;
  }

  // Whether allow() would take one message now, without taking it.
  bool would_allow(clock::time_point full_at, clock::time_point now) const {
    return !enabled() || full_at <= now + tolerance_;
  }

  // The first time allow() takes one message, for a bucket whose state is `full_at`.
  clock::time_point ready_at(clock::time_point full_at) const { return full_at - tolerance_; }

 private:
  clock::duration interval_;
  clock::duration tolerance_;
};

}  // namespace udpchat
