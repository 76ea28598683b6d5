// SPDX-License-Identifier: GPL-3.0-or-later
#include "web_watcher.hpp"

#include <asio/post.hpp>
#include <algorithm>

#include "capture_ends.hpp"
#include "endpoint_text.hpp"
#include "udp_hub.hpp"

namespace udpchat {

namespace {

// Members listed at most; the rest are counted.
constexpr std::size_t members_listed = 200;
// Those gone stay listed (greyed on the page) this long, at most this many.
constexpr std::chrono::seconds gone_kept_for{60};
constexpr std::size_t gone_kept = 32;

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

std::int64_t epoch_ms(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
}

web::traffic_count traffic(std::uint64_t datagrams, std::uint64_t bytes) { return {datagrams, bytes}; }

}  // namespace

web_watcher::web_watcher(asio::io_context& io, const udp_hub& hub, web::view_feed& feed, std::uint32_t unheard_limit)
    : io_{io},
      hub_{hub},
      feed_{feed},
      unheard_limit_{unheard_limit},
      second_started_{std::chrono::system_clock::now()},
      second_timer_{io} {
  conditions_changed(hub.conditions(), hub.seed());
  schedule_second();
}

void web_watcher::conditions_changed(const network_conditions& now, std::uint64_t seed) {
  // The simulator keeps shares in parts per million; the page shows percent.
  constexpr double per_percent = 10'000.0;
  feed_.publish_conditions({now.loss / per_percent, static_cast<std::uint32_t>(now.delay.count()),
                            static_cast<std::uint32_t>(now.jitter.count()), now.duplicate / per_percent,
                            now.reorder / per_percent, seed});
}

web::datagram_event& web_watcher::stage(const asio::ip::udp::endpoint& peer, const asio::ip::udp::endpoint& local,
                                        std::string_view datagram, std::string_view name) {
  if (!flush_posted_) {
    // Runs after the handler that is handling this wake-up's datagrams.
    flush_posted_ = true;
    asio::post(io_, [this] { flush(); });
  }
  const auto [peer_end, hub_end] = in_one_family(peer, local);
  return staged_.stage(next_seq_++, capture_end(peer_end), capture_end(hub_end), datagram, name);
}

hub_watcher::event_id web_watcher::received(const asio::ip::udp::endpoint& from, const asio::ip::udp::endpoint& local,
                                            std::string_view datagram, inbound_use use, std::string_view name) {
  if (staged_.full()) flush();
  web::datagram_event& event = stage(from, local, datagram, name);
  event.kind = word(use);
  ++in_this_second_;
  if (use == inbound_use::message) ++messages_this_second_;
  last_received_ = staged_.size();
  return event.seq;
}

void web_watcher::judged(event_id id, inbound_verdict verdict) {
  // What is judged is the datagram being handled, the last received, which is still staged:
  // batches are handed over only before a datagram is received and after a wake-up.
  if (last_received_ == 0) return;
  web::datagram_event& event = staged_.at(last_received_ - 1);
  if (event.seq != id) return;
  event.verdict = word(verdict);
  // A message turned away is not relayed; the count is of this second unless it just turned.
  if (std::string_view{event.kind} == word(inbound_use::message) && messages_this_second_ > 0) {
    --messages_this_second_;
  }
}

void web_watcher::sent(const asio::ip::udp::endpoint& to, const asio::ip::udp::endpoint& local,
                       std::string_view datagram, outbound_kind kind, send_fate fate, std::chrono::milliseconds delay,
                       event_id cause, std::string_view name) {
  web::datagram_event& event = stage(to, local, datagram, name);
  event.outbound = true;
  event.kind = word(kind);
  event.fate = word(fate);
  event.delay_ms = static_cast<std::uint32_t>(std::max<std::int64_t>(delay.count(), 0));
  event.cause = cause;
  if (fate != send_fate::lost && fate != send_fate::overflow) ++out_this_second_;
}

void web_watcher::departed(const member& leaver, std::string_view why) {
  web::gone_row row;
  row.addr = endpoint_text(leaver.endpoint);
  row.name = leaver.name;
  row.joined_ms = epoch_ms(leaver.joined_at);
  row.gone_ms = epoch_ms(std::chrono::system_clock::now());
  row.why = why;
  row.in = traffic(leaver.datagrams_in, leaver.bytes_in);
  row.out = traffic(leaver.datagrams_out, leaver.bytes_out);
  gone_.push_front(std::move(row));
  if (gone_.size() > gone_kept) gone_.pop_back();
}

void web_watcher::closing() {
  closed_ = true;
  second_timer_.cancel();
}

void web_watcher::flush() {
  flush_posted_ = false;
  last_received_ = 0;
  if (staged_.empty()) return;
  feed_.publish_events(staged_.take());
}

void web_watcher::schedule_second() {
  second_timer_.expires_after(std::chrono::seconds{1});
  second_timer_.async_wait([this](asio::error_code error) {
    if (error || closed_) return;
    publish_second();
    schedule_second();
  });
}

void web_watcher::publish_second() {
  const auto now = std::chrono::system_clock::now();
  const auto steady_now = std::chrono::steady_clock::now();
  const auto since = [&](std::chrono::steady_clock::time_point then) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_now - then).count();
  };
  auto snapshot = std::make_shared<web::members_snapshot>();
  snapshot->now_ms = epoch_ms(now);
  const auto ordered = hub_.members().in_join_order();
  const std::size_t listed = std::min(ordered.size(), members_listed);
  snapshot->members.reserve(listed);
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
    snapshot->members.push_back(std::move(row));
  }
  snapshot->more = ordered.size() - listed;
  while (!gone_.empty() && now - std::chrono::system_clock::time_point{std::chrono::milliseconds{gone_.back().gone_ms}} >
                               gone_kept_for) {
    gone_.pop_back();
  }
  snapshot->gone.assign(gone_.begin(), gone_.end());
  web::rate_second rates{epoch_ms(second_started_), in_this_second_, out_this_second_, messages_this_second_,
                         ordered.size()};
  in_this_second_ = out_this_second_ = messages_this_second_ = 0;
  second_started_ = now;
  feed_.publish_second(std::move(snapshot), rates);
}

}  // namespace udpchat
