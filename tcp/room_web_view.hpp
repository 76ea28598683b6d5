// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <chrono>
#include <cstdint>

#include "room_watcher.hpp"
#include "view_feed.hpp"
#include "view_watch.hpp"

namespace udpchat {

class chat_room;

// Watches the TCP room for the web view (--web), as the hub's web_watcher watches the hub: each
// line in and out becomes an event of the view's ring, a line standing where the hub has a
// datagram. web::view_watch batches the events and hands them and the members over.
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
  std::size_t list_members(web::members_snapshot& snapshot) const;

  const chat_room& room_;
  web::view_watch watch_;  // last: its timer calls list_members
};

}  // namespace udpchat
