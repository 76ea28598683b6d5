// SPDX-License-Identifier: GPL-3.0-or-later
#include "deadline_sweep.hpp"

namespace udpchat {

deadline_sweep::deadline_sweep(asio::io_context& io, std::chrono::milliseconds period)
    : timer_{io}, period_{period} {}

void deadline_sweep::start(on_tick handler) {
  on_tick_ = std::move(handler);
  if (period_.count() > 0) wait();
}

void deadline_sweep::stop() {
  stopped_ = true;
  timer_.cancel();
}

void deadline_sweep::wait() {
  timer_.expires_after(period_);
  timer_.async_wait([this](asio::error_code error) {
    // A tick already due when stop() was called is not cancelled: stopped_ catches it.
    if (error || stopped_) return;
    on_tick_(std::chrono::steady_clock::now());
    if (!stopped_) wait();
  });
}

}  // namespace udpchat
