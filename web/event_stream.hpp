// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "view_feed.hpp"

namespace udpchat::web {

// One viewer's Server-Sent Events stream (/events): hello, the rate history and the members,
// then the ring's events, then what is new as it comes. Datagrams go out at most every
// batch_interval, at most batch_events at a time; a viewer with more waiting skips ahead and
// is sent `missed`. Runs on the HTTP server's thread for that viewer.
class event_stream {
 public:
  static constexpr std::size_t batch_events = 500;
  static constexpr std::chrono::milliseconds batch_interval{100};
  // A comment line at least this often, so an idle stream still shows it is alive.
  static constexpr std::chrono::seconds quiet_at_most{1};

  event_stream(view_feed& feed, std::size_t viewers_max)
      : feed_{feed}, viewers_max_{viewers_max}, transport_{feed.identity().transport} {}

  // Copies the next bytes of the stream into `out` (room for `room`, at least 1), waiting up
  // to about quiet_at_most for something to say. Returns how many, or -1 when the stream ends
  // (the server is stopping).
  long read(char* out, std::size_t room);

 private:
  // Appends what comes next to pending_; false once the feed is stopping.
  bool produce();
  void add_event(const char* name, const std::string& json);

  view_feed& feed_;
  std::size_t viewers_max_;
  view_transport transport_;
  std::string pending_;
  std::size_t sent_ = 0;  // of pending_
  view_feed::cursor cursor_;
  bool catching_up_ = true;  // sending what the ring held at connect, without pausing
  std::chrono::steady_clock::time_point next_batch_at_{};
};

}  // namespace udpchat::web
