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
  // Something else went out: it counts as a keepalive, and the next is due an interval later.
  void note_sent() { last_sent_ = std::chrono::steady_clock::now(); }
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
  // Measured from the last datagram out, not from the last tick: a tick that finds something
  // sent just before it would otherwise wait a whole further interval, and a reader that only
  // listens would go up to two intervals between keepalives (and that long before it rejoins a
  // restarted hub).
  std::chrono::steady_clock::time_point last_sent_ = std::chrono::steady_clock::now();
};

}  // namespace udpchat
