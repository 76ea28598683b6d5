// SPDX-License-Identifier: GPL-3.0-or-later
#include "rate_search.hpp"

#include <cmath>

namespace udpchat::bench {

rate_search::rate_search(const rate_search_settings& settings)
    : settings_{settings}, rate_{settings.start_rate}, done_{settings.max_rates <= 0} {}

std::optional<double> rate_search::next_rate() const {
  if (done_) return std::nullopt;
  return rate_;
}

void rate_search::record(bool sustained) {
  if (done_) return;
  ++trials_;
  if (sustained) {
    good_ = rate_;
  } else if (failures_here_ < settings_.confirm) {
    ++failures_here_;
    return;
  } else {
    bad_ = rate_;
  }
  move_on();
}

void rate_search::move_on() {
  failures_here_ = 0;
  if (++rates_tried_ >= settings_.max_rates) {
    done_ = true;
  } else if (bad_ == 0) {
    rate_ *= 2;
  } else if (good_ == 0) {
    rate_ /= 2;
  } else if (bad_ / good_ < settings_.precision) {
    done_ = true;
  } else {
    rate_ = std::sqrt(good_ * bad_);
  }
}

}  // namespace udpchat::bench
