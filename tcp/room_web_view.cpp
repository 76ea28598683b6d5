// SPDX-License-Identifier: GPL-3.0-or-later
#include "room_web_view.hpp"

#include <asio/post.hpp>
#include <algorithm>

#include "chat_room.hpp"
#include "endpoint_text.hpp"

namespace udpchat {

namespace {

// Members listed at most; the rest are counted. Those gone stay listed (greyed) this long, at
// most this many. The same as the hub's, so the page reads both alike.
constexpr std::size_t members_listed = 200;
constexpr std::chrono::seconds gone_kept_for{60};
constexpr std::size_t gone_kept = 32;

const char* word(line_use use) {
  switch (use) {
    case line_use::message: return "message";
    case line_use::command: return "command";
    case line_use::keepalive: return "keepalive";
    case line_use::departure: return "departure";
  }
  return "";
}

const char* word(room_line_kind kind) {
  switch (kind) {
    case room_line_kind::message: return "message";
    case room_line_kind::departure: return "departure";
    case room_line_kind::welcome: return "welcome";
    case room_line_kind::notice: return "notice";
  }
  return "";
}

std::int64_t epoch_ms(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
}

// An endpoint as the view's events hold it: an IPv4 peer of a dual-stack socket (::ffff:a.b.c.d)
// as IPv4, as endpoint_text writes it.
capture_endpoint view_end(const asio::ip::tcp::endpoint& end) {
  capture_endpoint out;
  out.port = end.port();
  asio::ip::address address = end.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    const auto bytes = address.to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.address.begin());
  } else {
    out.ipv6 = true;
    const auto bytes = address.to_v6().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.address.begin());
  }
  return out;
}

web::traffic_count traffic(std::uint64_t lines, std::uint64_t bytes) { return {lines, bytes}; }

}  // namespace

room_web_view::room_web_view(asio::io_context& io, const chat_room& room, web::view_feed& feed)
    : io_{io},
      room_{room},
      feed_{feed},
      second_started_{std::chrono::system_clock::now()},
      second_timer_{io} {
  feed_.set_hub_address(endpoint_text(room.local_endpoint()));
  schedule_second();
}

web::datagram_event& room_web_view::stage(const asio::ip::tcp::endpoint& peer, const asio::ip::tcp::endpoint& local,
                                          std::string_view line, std::string_view name) {
  if (!flush_posted_) {
    // Runs after the handler that is handling this wake-up's lines.
    flush_posted_ = true;
    asio::post(io_, [this] { flush(); });
  }
  return staged_.stage(next_seq_++, view_end(peer), view_end(local), line, name);
}

room_watcher::event_id room_web_view::received(const asio::ip::tcp::endpoint& from, const asio::ip::tcp::endpoint& local,
                                               std::string_view line, line_use use, std::string_view name) {
  if (staged_.full()) flush();
  web::datagram_event& event = stage(from, local, line, name);
  event.kind = word(use);
  ++in_this_second_;
  if (use == line_use::message) ++messages_this_second_;
  last_received_ = staged_.size();
  return event.seq;
}

void room_web_view::too_long(event_id id) {
  // The line judged is the one being handled, still staged: batches are handed over only
  // before a line is received and after a wake-up.
  if (last_received_ == 0) return;
  web::datagram_event& event = staged_.at(last_received_ - 1);
  if (event.seq == id) event.verdict = "too long";
}

void room_web_view::sent(const asio::ip::tcp::endpoint& to, const asio::ip::tcp::endpoint& local, std::string_view line,
                         room_line_kind kind, event_id cause, std::string_view name) {
  web::datagram_event& event = stage(to, local, line, name);
  event.outbound = true;
  event.kind = word(kind);
  event.fate = "sent";
  event.cause = cause;
  ++out_this_second_;
}

void room_web_view::departed(const room_member_facts& leaver, std::string_view why) {
  web::gone_row row;
  row.addr = endpoint_text(leaver.address);
  row.name = leaver.name;
  row.joined_ms = epoch_ms(leaver.joined_at);
  row.gone_ms = epoch_ms(std::chrono::system_clock::now());
  row.why = why;
  row.in = traffic(leaver.lines_in, leaver.bytes_in);
  row.out = traffic(leaver.lines_out, leaver.bytes_out);
  gone_.push_front(std::move(row));
  if (gone_.size() > gone_kept) gone_.pop_back();
}

void room_web_view::closing() {
  closed_ = true;
  second_timer_.cancel();
}

void room_web_view::flush() {
  flush_posted_ = false;
  last_received_ = 0;
  if (staged_.empty()) return;
  feed_.publish_events(staged_.take());
}

void room_web_view::schedule_second() {
  second_timer_.expires_after(std::chrono::seconds{1});
  second_timer_.async_wait([this](asio::error_code error) {
    if (error || closed_) return;
    publish_second();
    schedule_second();
  });
}

void room_web_view::publish_second() {
  const auto now = std::chrono::system_clock::now();
  const auto steady_now = std::chrono::steady_clock::now();
  const auto since = [&](std::chrono::steady_clock::time_point then) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_now - then).count();
  };
  auto snapshot = std::make_shared<web::members_snapshot>();
  snapshot->now_ms = epoch_ms(now);
  const std::vector<room_member_facts> members = room_.member_facts();
  const std::size_t listed = std::min(members.size(), members_listed);
  snapshot->members.reserve(listed);
  for (std::size_t i = 0; i < listed; ++i) {
    const room_member_facts& each = members[i];
    web::member_row row;
    row.addr = endpoint_text(each.address);
    row.name = each.name;
    row.joined_ms = epoch_ms(each.joined_at);
    row.idle_ms = since(each.last_said);
    row.heard_ms = since(each.last_heard);
    row.in = traffic(each.lines_in, each.bytes_in);
    row.out = traffic(each.lines_out, each.bytes_out);
    snapshot->members.push_back(std::move(row));
  }
  snapshot->more = members.size() - listed;
  while (!gone_.empty() && now - std::chrono::system_clock::time_point{std::chrono::milliseconds{gone_.back().gone_ms}} >
                               gone_kept_for) {
    gone_.pop_back();
  }
  snapshot->gone.assign(gone_.begin(), gone_.end());
  const web::rate_second rates{epoch_ms(second_started_), in_this_second_, out_this_second_, messages_this_second_,
                               members.size()};
  in_this_second_ = out_this_second_ = messages_this_second_ = 0;
  second_started_ = now;
  feed_.publish_second(std::move(snapshot), rates);
}

}  // namespace udpchat
