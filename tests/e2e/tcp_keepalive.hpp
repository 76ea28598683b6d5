// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tcp_probe.hpp"

namespace udpchat::testing {

// Sends an empty line now and then from its own thread, as udpchat --tcp does to keep a quiet
// connection open, until it is destroyed or the server closes the connection. The probe may be
// read meanwhile; it must outlive the keepalive (declare the keepalive after it).
class keepalive {
 public:
  explicit keepalive(tcp_probe& probe, std::chrono::milliseconds every = std::chrono::milliseconds{50})
      : sender_{[this, &probe, every] {
          std::unique_lock lock{mutex_};
          while (!stopping_ && probe.send_unless_closed("\n")) {
            stop_asked_.wait_for(lock, every, [this] { return stopping_; });
          }
        }} {}

  ~keepalive() {
    {
      const std::lock_guard lock{mutex_};
      stopping_ = true;
    }
    stop_asked_.notify_one();
    sender_.join();
  }

  keepalive(const keepalive&) = delete;
  keepalive& operator=(const keepalive&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable stop_asked_;
  bool stopping_ = false;
  std::thread sender_;  // last: starts once the rest is ready
};

}  // namespace udpchat::testing
