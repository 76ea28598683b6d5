// SPDX-License-Identifier: GPL-3.0-or-later
#include "keepalive_timer.hpp"

namespace udpchat {

keepalive_timer::keepalive_timer(asio::io_context& io, std::chrono::milliseconds interval,
                                 std::function<void()> send_keepalive)
    : timer_{io}, interval_{interval}, send_keepalive_{std::move(send_keepalive)} {}

void keepalive_timer::start() {
  if (running_ || interval_ == std::chrono::milliseconds::zero()) return;
  running_ = true;
  schedule();
}

void keepalive_timer::stop() {
  running_ = false;
  timer_.cancel();
}

void keepalive_timer::schedule() {
  timer_.expires_at(last_sent_ + interval_);
  timer_.async_wait([this](asio::error_code error) {
    if (error || !running_) return;
    if (std::chrono::steady_clock::now() - last_sent_ >= interval_) {
      send_keepalive_();
      note_sent();  // whether or not the callback said so: the next one is an interval away
    }
    schedule();
  });
}

}  // namespace udpchat
