// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>

#include "hub_watcher.hpp"
#include "event_stager.hpp"
#include "view_feed.hpp"

namespace udpchat {

class udp_hub;

// Watches the hub for the web view. On the hub's thread it only notes each datagram in a
// batch of its own; the batch is handed to the feed once per wake-up of the hub (a handler
// posted behind the one handling the datagrams), or sooner when it grows past a bound. Once a
// second it hands over the members and the second's datagram counts.
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
  web::datagram_event& stage(const asio::ip::udp::endpoint& peer, const asio::ip::udp::endpoint& local,
                             std::string_view datagram, std::string_view name);
  void flush();
  void schedule_second();
  void publish_second();

  asio::io_context& io_;
  const udp_hub& hub_;
  web::view_feed& feed_;
  std::uint32_t unheard_limit_;
  web::event_stager staged_;
  bool flush_posted_ = false;
  event_id next_seq_ = 1;
  std::size_t last_received_ = 0;  // index in staged_ of the last datagram received, +1; 0 for none
  std::uint64_t in_this_second_ = 0;
  std::uint64_t out_this_second_ = 0;
  std::uint64_t messages_this_second_ = 0;  // messages in that were relayed
  std::chrono::system_clock::time_point second_started_;
  std::deque<web::gone_row> gone_;  // newest first
  asio::steady_timer second_timer_;
  bool closed_ = false;
};

}  // namespace udpchat
