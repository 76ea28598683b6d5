// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <functional>

namespace udpchat {

// Keeps a membership from looking idle: calls `send_keepalive` whenever a whole interval has
// passed with nothing sent. Off until started, and with an interval of zero.
class keepalive_timer {
 public:
  keepalive_timer(asio::io_context& io, std::chrono::milliseconds interval,
                  std::function<void()> send_keepalive);

  // Starts (or keeps) the cycle; starting again changes nothing.
  void start();
  void stop();
  // Something else went out: it counts as a keepalive.
  void note_sent() { sent_since_tick_ = true; }
  std::chrono::milliseconds interval() const { return interval_; }
  // Keeps alive at least this often from the next interval on, for a server that expires
  // members sooner than the interval asked for. A timer that is off stays off.
  void at_most(std::chrono::milliseconds interval) {
    if (interval > std::chrono::milliseconds::zero() && interval < interval_) interval_ = interval;
  }

 private:
  void schedule();

  asio::steady_timer timer_;
  std::chrono::milliseconds interval_;
  std::function<void()> send_keepalive_;
  bool running_ = false;
  bool sent_since_tick_ = false;
};

}  // namespace udpchat
