// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <functional>

namespace udpchat {

// One timer for all of a server's connections: every period it tells the server the time, and
// the server looks at each connection's line_progress (see connection_limits.hpp). A timer per
// connection would be rearmed on every line; this costs one wake-up a period, however many
// connections there are, and lets each be closed at most one period late.
class deadline_sweep {
 public:
  using on_tick = std::function<void(std::chrono::steady_clock::time_point now)>;

  // A period of 0 never ticks.
  deadline_sweep(asio::io_context& io, std::chrono::milliseconds period);

  void start(on_tick handler);
  // No tick after this; the timer's wait ends, so the io_context can run out of work.
  void stop();

 private:
  void wait();

  asio::steady_timer timer_;
  std::chrono::milliseconds period_;
  on_tick on_tick_;
  bool stopped_ = false;
};

}  // namespace udpchat
