// SPDX-License-Identifier: GPL-3.0-or-later
#include "listening_clock.hpp"

#include <algorithm>

namespace udpchat {

void listening_clock::stop(time_point now, std::optional<time_point> emptied_at) {
  if (emptied_at) emptied_at_ = std::max(emptied_at_, std::min(*emptied_at, now));
  if (deaf_) return;
  deaf_ = true;
  counted_from_ = now;
}

void listening_clock::resume(time_point now) {
  if (!deaf_) return;
  deaf_time_ += std::max(now - counted_from_, duration::zero());
  deaf_ = false;
}

listening_clock::time_point listening_clock::heard_through(time_point now) const {
  if (!deaf_) return now;
  return std::min(emptied_at_, now);
}

listening_clock::duration listening_clock::take_deaf_time(time_point now) {
  duration deaf = deaf_time_;
  deaf_time_ = duration::zero();
  if (deaf_) {
    deaf += std::max(now - counted_from_, duration::zero());
    counted_from_ = std::max(counted_from_, now);
  }
  return deaf;
}

}  // namespace udpchat
