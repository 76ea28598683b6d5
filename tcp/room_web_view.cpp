// SPDX-License-Identifier: GPL-3.0-or-later
#include "room_web_view.hpp"

#include <algorithm>

#include "chat_room.hpp"
#include "endpoint_text.hpp"

namespace udpchat {

namespace {

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
    : room_{room}, watch_{io, feed, [this](web::members_snapshot& snapshot) { return list_members(snapshot); }} {
  feed.set_hub_address(endpoint_text(room.local_endpoint()));
}

room_watcher::event_id room_web_view::received(const asio::ip::tcp::endpoint& from, const asio::ip::tcp::endpoint& local,
                                               std::string_view line, line_use use, std::string_view name) {
  web::datagram_event& event =
      watch_.received(view_end(from), view_end(local), line, name, use == line_use::message);
  event.kind = word(use);
  return event.seq;
}

void room_web_view::too_long(event_id id) { watch_.judged(id, "too long"); }

void room_web_view::sent(const asio::ip::tcp::endpoint& to, const asio::ip::tcp::endpoint& local, std::string_view line,
                         room_line_kind kind, event_id cause, std::string_view name) {
  web::datagram_event& event = watch_.sent(view_end(to), view_end(local), line, name, true);
  event.kind = word(kind);
  event.fate = "sent";
  event.cause = cause;
}

void room_web_view::departed(const room_member_facts& leaver, std::string_view why) {
  using web::epoch_ms;
  web::gone_row row;
  row.addr = endpoint_text(leaver.address);
  row.name = leaver.name;
  row.joined_ms = epoch_ms(leaver.joined_at);
  row.gone_ms = epoch_ms(std::chrono::system_clock::now());
  row.why = why;
  row.in = traffic(leaver.lines_in, leaver.bytes_in);
  row.out = traffic(leaver.lines_out, leaver.bytes_out);
  watch_.gone(std::move(row));
}

void room_web_view::closing() { watch_.closing(); }

std::size_t room_web_view::list_members(web::members_snapshot& snapshot) const {
  using web::epoch_ms;
  const auto steady_now = std::chrono::steady_clock::now();
  const auto since = [&](std::chrono::steady_clock::time_point then) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(steady_now - then).count();
  };
  const std::vector<room_member_facts> members = room_.member_facts();
  const std::size_t listed = std::min(members.size(), web::members_listed);
  snapshot.members.reserve(listed);
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
    snapshot.members.push_back(std::move(row));
  }
  snapshot.more = members.size() - listed;
  return members.size();
}

}  // namespace udpchat
