// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>

namespace udpchat {

// The idle sweep's clock: the moment up to which the hub has read everything that reached its
// socket. Silence the hub did not read is not silence: while the hub does not receive (its send
// buffer is full and it waits for room), members' keepalives wait unread in the receive queue,
// and the clock stands still at the last moment the hub is known to have emptied that queue.
// Once the hub empties it again, the time it was deaf counts like any other: what arrived then
// has been read.
//
// Pure: every time point comes in as an argument, all of them on std::chrono::steady_clock;
// nothing is read from the system.
class listening_clock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  // The hub stops receiving at `now`. `emptied_at`, when the hub knows it, is the last moment
  // it found its receive queue empty with every datagram taken handled (at most `now`); without
  // it the clock stays where it last stood. Called again before resume(), it keeps the first
  // `now` and the latest `emptied_at`.
  void stop(time_point now, std::optional<time_point> emptied_at);
  // The hub receives again from `now` on. Does nothing if it had not stopped.
  void resume(time_point now);

  // The moment up to which the hub has heard everything, as of `now`: `now` itself while it
  // receives, else where the clock stands (never after `now`). A member last heard from at `t`
  // has been silent for heard_through(now) - t; when that is negative it has not been.
  time_point heard_through(time_point now) const;
  bool deaf() const { return deaf_; }

  // How long the hub did not receive between the previous call (or the clock's making) and
  // `now`: for the log, once a sweep.
  duration take_deaf_time(time_point now);

 private:
  // Where the clock stands while the hub is deaf. Before the hub ever says it emptied its
  // queue, the earliest time there is: nobody is judged silent while it is deaf.
  time_point emptied_at_{};
  bool deaf_ = false;
  duration deaf_time_{};       // since take_deaf_time() last ran, besides a deafness still on
  time_point counted_from_{};  // where a deafness still on is counted from
};

}  // namespace udpchat
