// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <chrono>
#include <cstdint>

#include "hub_watcher.hpp"
#include "view_feed.hpp"
#include "view_watch.hpp"

namespace udpchat {

class udp_hub;

// Watches the hub for the web view: says, through web::view_watch (which batches the events
// and hands them over), what each datagram in and out was, and who the members are.
class web_watcher final : public hub_watcher {
 public:
  // `hub` and `feed` must outlive it. `unheard_limit` is the hub's (0 for none), to tell a
  // paused member.
  web_watcher(asio::io_context& io, const udp_hub& hub, web::view_feed& feed, std::uint32_t unheard_limit);

  event_id received(const asio::ip::udp::endpoint& from, const asio::ip::udp::endpoint& local,
                    std::string_view datagram, inbound_use use, std::string_view name) override;
  void judged(event_id id, inbound_verdict verdict) override;
  void sent(const asio::ip::udp::endpoint& to, const asio::ip::udp::endpoint& local, std::string_view datagram,
            outbound_kind kind, send_fate fate, std::chrono::milliseconds delay, event_id cause,
            std::string_view name) override;
  void departed(const member& leaver, std::string_view why) override;
  void closing() override;
  void conditions_changed(const network_conditions& now, std::uint64_t seed) override;

 private:
  std::size_t list_members(web::members_snapshot& snapshot) const;

  const udp_hub& hub_;
  web::view_feed& feed_;
  std::uint32_t unheard_limit_;
  web::view_watch watch_;  // last: its timer calls list_members
};

}  // namespace udpchat
