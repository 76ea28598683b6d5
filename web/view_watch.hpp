// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <string_view>

#include "event_stager.hpp"
#include "view_feed.hpp"

namespace udpchat::web {

// Members listed at most in a snapshot; the rest are counted.
inline constexpr std::size_t members_listed = 200;

// Milliseconds since the Unix epoch, as the page's JSON carries times.
std::int64_t epoch_ms(std::chrono::system_clock::time_point when);

// What the hub's and the room's watchers share, on the server's own thread: each event noted in
// a batch of its own and handed to the feed once per wake-up (a handler posted behind the one
// handling the traffic), or sooner when the batch is full; the second's counts; those gone; and,
// once a second, the members and the counts handed over. The watchers say only what their
// traffic and members are.
class view_watch {
 public:
  // Fills in a snapshot's members (at most members_listed, in join order) and `more`; returns
  // how many members there are in all. Called once a second.
  using member_lister = std::function<std::size_t(members_snapshot&)>;

  // `feed` must outlive it.
  view_watch(asio::io_context& io, view_feed& feed, member_lister list_members);

  // Notes something received; `message` when it is a member's message, which fans out.
  datagram_event& received(const capture_endpoint& peer, const capture_endpoint& local, std::string_view bytes,
                           std::string_view name, bool message);
  // Marks the event `seq`, the last received, with `verdict`: it was not used as its kind asks
  // (a message so marked does not fan out).
  void judged(std::uint64_t seq, const char* verdict);
  // Notes something sent; `counted` unless it never reached the wire.
  datagram_event& sent(const capture_endpoint& peer, const capture_endpoint& local, std::string_view bytes,
                       std::string_view name, bool counted);
  // Lists a member as gone, for a while (newest first).
  void gone(gone_row row);
  // The server is closing: the timer stops, so the io_context can run out of work.
  void closing();

 private:
  datagram_event& stage(const capture_endpoint& peer, const capture_endpoint& local, std::string_view bytes,
                        std::string_view name);
  void flush();
  void schedule_second();
  void publish_second();

  asio::io_context& io_;
  view_feed& feed_;
  member_lister list_members_;
  event_stager staged_;
  bool flush_posted_ = false;
  std::uint64_t next_seq_ = 1;
  std::size_t last_received_ = 0;  // index in staged_ of the last event received, +1; 0 for none
  bool last_was_message_ = false;
  std::uint64_t in_this_second_ = 0;
  std::uint64_t out_this_second_ = 0;
  std::uint64_t messages_this_second_ = 0;  // members' messages in, which fan out
  std::chrono::system_clock::time_point second_started_;
  std::deque<gone_row> gone_;  // newest first
  asio::steady_timer second_timer_;
  bool closed_ = false;
};

}  // namespace udpchat::web
