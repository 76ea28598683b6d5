// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>

#include "room_watcher.hpp"
#include "event_stager.hpp"
#include "view_feed.hpp"

namespace udpchat {

class chat_room;

// Watches the TCP room for the web view (--web), as the hub's web_watcher watches the hub: each
// line in and out becomes an event of the view's ring, a line standing where the hub has a
// datagram. On the room's thread it only notes each line in a batch of its own, handed to the
// feed once per wake-up of the room (a posted handler), or sooner when it grows past a bound;
// once a second it hands over the members and the second's line counts.
class room_web_view final : public room_watcher {
 public:
  // `room` and `feed` must outlive it.
  room_web_view(asio::io_context& io, const chat_room& room, web::view_feed& feed);

  event_id received(const asio::ip::tcp::endpoint& from, const asio::ip::tcp::endpoint& local, std::string_view line,
                    line_use use, std::string_view name) override;
  void too_long(event_id id) override;
  void sent(const asio::ip::tcp::endpoint& to, const asio::ip::tcp::endpoint& local, std::string_view line,
            room_line_kind kind, event_id cause, std::string_view name) override;
  void departed(const room_member_facts& leaver, std::string_view why) override;
  void closing() override;

 private:
  web::datagram_event& stage(const asio::ip::tcp::endpoint& peer, const asio::ip::tcp::endpoint& local,
                             std::string_view line, std::string_view name);
  void flush();
  void schedule_second();
  void publish_second();

  asio::io_context& io_;
  const chat_room& room_;
  web::view_feed& feed_;
  web::event_stager staged_;
  bool flush_posted_ = false;
  event_id next_seq_ = 1;
  std::size_t last_received_ = 0;  // index in staged_ of the last line received, +1; 0 for none
  std::uint64_t in_this_second_ = 0;
  std::uint64_t out_this_second_ = 0;
  std::uint64_t messages_this_second_ = 0;  // lines in that are relayed
  std::chrono::system_clock::time_point second_started_;
  std::deque<web::gone_row> gone_;  // newest first
  asio::steady_timer second_timer_;
  bool closed_ = false;
};

}  // namespace udpchat
