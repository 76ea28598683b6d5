// SPDX-License-Identifier: GPL-3.0-or-later
#include "web_watcher.hpp"

#include <asio/post.hpp>
#include <algorithm>

#include "capture_ends.hpp"
#include "endpoint_text.hpp"
#include "udp_hub.hpp"

namespace udpchat {

namespace {

const char* word(inbound_use use) {
  switch (use) {
    case inbound_use::message: return "message";
    case inbound_use::command: return "command";
    case inbound_use::keepalive: return "keepalive";
    case inbound_use::departure: return "departure";
  }
  return "";
}

const char* word(inbound_verdict verdict) {
  switch (verdict) {
    case inbound_verdict::refused: return "refused";
    case inbound_verdict::over_rate_limit: return "over rate limit";
    case inbound_verdict::too_long: return "too long";
    case inbound_verdict::not_a_member: return "not a member";
  }
  return "";
}

const char* word(outbound_kind kind) {
  switch (kind) {
    case outbound_kind::message: return "message";
    case outbound_kind::departure: return "departure";
    case outbound_kind::welcome: return "welcome";
    case outbound_kind::notice: return "notice";
    case outbound_kind::refused: return "refused";
  }
  return "";
}

const char* word(send_fate fate) {
  switch (fate) {
    case send_fate::sent: return "sent";
    case send_fate::lost: return "lost";
    case send_fate::delayed: return "delayed";
    case send_fate::duplicate: return "duplicate";
    case send_fate::reordered: return "reordered";
    case send_fate::overflow: return "overflow";
  }
  return "";
}

web::traffic_count traffic(std::uint64_t datagrams, std::uint64_t bytes) { return {datagrams, bytes}; }

}  // namespace

web_watcher::web_watcher(asio::io_context& io, const udp_hub& hub, web::view_feed& feed, std::uint32_t unheard_limit)
    : hub_{hub},
      feed_{feed},
      unheard_limit_{unheard_limit},
      watch_{io, feed, [this](web::members_snapshot& snapshot) { return list_members(snapshot); }} {
  conditions_changed(hub.conditions(), hub.seed());
}

void web_watcher::conditions_changed(const network_conditions& now, std::uint64_t seed) {
  // The simulator keeps shares in parts per million; the page shows percent.
  constexpr double per_percent = 10'000.0;
  feed_.publish_conditions({now.loss / per_percent, static_cast<std::uint32_t>(now.delay.count()),
                            static_cast<std::uint32_t>(now.jitter.count()), now.duplicate / per_percent,
                            now.reorder / per_percent, seed});
}

namespace {

// Both ends as the page shows them: in one family, as one IP header holds them.
std::pair<capture_endpoint, capture_endpoint> view_ends(const asio::ip::udp::endpoint& peer,
                                                        const asio::ip::udp::endpoint& local) {
  const auto [peer_end, hub_end] = in_one_family(peer, local);
  return {capture_end(peer_end), capture_end(hub_end)};
}

}  // namespace

hub_watcher::event_id web_watcher::received(const asio::ip::udp::endpoint& from, const asio::ip::udp::endpoint& local,
                                            std::string_view datagram, inbound_use use, std::string_view name) {
  const auto [peer, hub] = view_ends(from, local);
  web::datagram_event& event = watch_.received(peer, hub, datagram, name, use == inbound_use::message);
  event.kind = word(use);
  return event.seq;
}

void web_watcher::judged(event_id id, inbound_verdict verdict) { watch_.judged(id, word(verdict)); }

void web_watcher::sent(const asio::ip::udp::endpoint& to, const asio::ip::udp::endpoint& local,
                       std::string_view datagram, outbound_kind kind, send_fate fate, std::chrono::milliseconds delay,
                       event_id cause, std::string_view name) {
  const auto [peer, hub] = view_ends(to, local);
  web::datagram_event& event =
      watch_.sent(peer, hub, datagram, name, fate != send_fate::lost && fate != send_fate::overflow);
  event.kind = word(kind);
  event.fate = word(fate);
  event.delay_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(delay.count(), 0));
  event.cause = cause;
}

void web_watcher::departed(const member& leaver, std::string_view why) {
  using web::epoch_ms;
  web::gone_row row;
  row.addr = endpoint_text(leaver.endpoint);
  row.name = leaver.name;
  row.joined_ms = epoch_ms(leaver.joined_at);
  row.gone_ms = epoch_ms(std::chrono::system_clock::now());
  row.why = why;
  row.in = traffic(leaver.datagrams_in, leaver.bytes_in);
  row.out = traffic(leaver.datagrams_out, leaver.bytes_out);
  watch_.gone(std::move(row));
}

void web_watcher::closing() { watch_.closing(); }

std::size_t web_watcher::list_members(web::members_snapshot& snapshot) const {
  using web::epoch_ms;
  const auto steady_now = std::chrono::steady_clock::now();
  const auto since = [&](std::chrono::steady_clock::time_point then) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_now - then).count();
  };
  const auto ordered = hub_.members().in_join_order();
  const std::size_t listed = std::min(ordered.size(), web::members_listed);
  snapshot.members.reserve(listed);
  for (std::size_t i = 0; i < listed; ++i) {
    const member& each = *ordered[i];
    web::member_row row;
    row.addr = endpoint_text(each.endpoint);
    row.name = each.name;
    row.joined_ms = epoch_ms(each.joined_at);
    row.idle_ms = since(each.last_said);
    row.heard_ms = since(each.last_heard);
    row.in = traffic(each.datagrams_in, each.bytes_in);
    row.out = traffic(each.datagrams_out, each.bytes_out);
    row.paused = unheard_limit_ != 0 && each.unheard >= unheard_limit_;
    snapshot.members.push_back(std::move(row));
  }
  snapshot.more = ordered.size() - listed;
  return ordered.size();
}

}  // namespace udpchat
