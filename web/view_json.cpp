// SPDX-License-Identifier: GPL-3.0-or-later
#include "view_json.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <variant>

#include "udpchat/address_text.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/hex_dump.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat::web {

using nlohmann::json;

namespace {

constexpr std::size_t text_chars_max = 200;
// Enough raw bytes for text_chars_max characters however they escape: each character takes
// at most 4 bytes, and a sequence cut at the end is past the characters kept.
constexpr std::size_t text_bytes_read = 4 * text_chars_max + 8;

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string address_text(const capture_endpoint& end) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  ::inet_ntop(end.ipv6 ? AF_INET6 : AF_INET, end.address.data(), text.data(), text.size());
  return text.data();
}

// The first text_chars_max characters of the escaped text, then "…" if there was more.
std::string short_text(std::string_view bytes) {
  const bool cut = bytes.size() > text_bytes_read;
  std::string text = escape_for_terminal(bytes.substr(0, text_bytes_read));
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0U) == 0x80U) continue;  // a continuation byte
    if (++chars > text_chars_max) {
      text.resize(i);
      text += "\u2026";
      return text;
    }
  }
  if (cut) text += "\u2026";
  return text;
}

std::string hex16(std::uint16_t value) {
  std::array<char, 8> text{};
  std::snprintf(text.data(), text.size(), "0x%04x", value);
  return text.data();
}

json traffic(const traffic_count& count) { return {{"datagrams", count.datagrams}, {"bytes", count.bytes}}; }

json event_fields(const datagram_event& event) {
  json out = {{"seq", event.seq},
              {"t_us", event.t_us},
              {"dir", event.outbound ? "out" : "in"},
              {"peer", endpoint_json_text(event.peer)},
              {"hub", endpoint_json_text(event.hub)},
              {"kind", event.kind},
              {"size", event.size}};
  if (event.verdict != nullptr) out["verdict"] = event.verdict;
  if (event.outbound) {
    out["fate"] = event.fate != nullptr ? event.fate : "sent";
    out["delay_ms"] = event.delay_ms;
  }
  out["cause"] = event.cause == 0 ? json(nullptr) : json(event.cause);
  return out;
}

// A line without its ending (LF, CR LF, CR NUL or a bare CR: line_framer.hpp).
std::string_view without_line_ending(std::string_view line) {
  if (line.ends_with("\r\n") || line.ends_with(std::string_view{"\r\0", 2})) return line.substr(0, line.size() - 2);
  if (line.ends_with('\n') || line.ends_with('\r')) return line.substr(0, line.size() - 1);
  return line;
}

json decoded_fields(const datagram_event& event, std::string_view bytes, view_transport transport) {
  const std::string_view unit = transport == view_transport::tcp ? "line" : "datagram";
  if (transport == view_transport::tcp && event.kept == event.size) bytes = without_line_ending(bytes);
  json fields = {{"sender", nullptr}, {"separator", nullptr}, {"departure_marker", nullptr}};
  std::string note;
  if (!event.outbound) {
    const inbound_datagram inbound = classify_inbound(bytes);
    fields["text"] = escape_for_terminal(bytes);
    switch (inbound.kind) {
      case inbound_kind::join: note = "a keepalive: an empty " + std::string{unit}; break;
      case inbound_kind::quit: note = "a departure: the member sent quit"; break;
      case inbound_kind::message:
        if (const auto command = parse_member_command(inbound.text)) {
          note = "a command: " + escape_for_terminal(inbound.text);
        } else {
          note = "no separator: a member's " + std::string{unit} + " is all text; the " +
                 (transport == view_transport::tcp ? "room" : "hub") + " adds the sender";
        }
        break;
    }
  } else {
    const decoded_datagram decoded = decode_datagram(bytes);
    if (const auto* message = std::get_if<relayed_message>(&decoded)) {
      fields["sender"] = escape_for_terminal(message->sender);
      fields["separator"] = field_separator;
      fields["text"] = escape_for_terminal(message->text);
      note = message->sender == hub_sender ? "a notice from the hub" : "a relay: the sender, the separator, the text";
    } else if (const auto* departure = std::get_if<departure_notice>(&decoded)) {
      fields["sender"] = escape_for_terminal(departure->sender);
      fields["separator"] = field_separator;
      fields["text"] = escape_for_terminal(departure->notice);
      fields["departure_marker"] = std::string{field_separator} + std::string{departure_marker};
      note = departure->sender == hub_sender ? "the hub's departure: it is closing" : "a departure";
    } else {
      fields["text"] = escape_for_terminal(bytes);
      note = "unreadable: " + std::string{describe(std::get<decode_error>(decoded))};
    }
  }
  if (event.kept < event.size) {
    note += " (only the first " + std::to_string(event.kept) + " of " + std::to_string(event.size) +
            " bytes were kept)";
  }
  fields["note"] = note;
  return fields;
}

}  // namespace

std::string endpoint_json_text(const capture_endpoint& end) { return format_host_port(address_text(end), end.port); }

std::string hello_json(const view_feed& feed, std::size_t viewers_max, const view_conditions& conditions,
                       std::int64_t now_ms) {
  const hub_identity identity = feed.identity();
  json out = {{"program", identity.program},
               {"version", identity.version},
               {"hub", identity.hub},
               {"started_ms", identity.started_ms},
               {"ring", feed.ring_capacity()},
               {"viewers_max", viewers_max},
               {"now_ms", now_ms},
               {"transport", identity.transport == view_transport::tcp ? "tcp" : "udp"},
               {"unit", identity.transport == view_transport::tcp ? "line" : "datagram"},
               {"conditions", json::parse(conditions_json(conditions))}};
  // The room has no network simulator: nothing to show.
  if (identity.transport == view_transport::tcp) out.erase("conditions");
  return dump(out);
}

std::string conditions_json(const view_conditions& conditions) {
  return dump({{"loss", conditions.loss},
               {"delay_ms", conditions.delay_ms},
               {"jitter_ms", conditions.jitter_ms},
               {"duplicate", conditions.duplicate},
               {"reorder", conditions.reorder},
               // As a string: JavaScript numbers keep 53 bits, and a seed has 64.
               {"seed", std::to_string(conditions.seed)}});
}

std::string members_json(const members_snapshot& members) {
  json listed = json::array();
  for (const auto& each : members.members) {
    listed.push_back({{"addr", each.addr},
                      {"name", each.name},
                      {"joined_ms", each.joined_ms},
                      {"idle_ms", each.idle_ms},
                      {"heard_ms", each.heard_ms},
                      {"in", traffic(each.in)},
                      {"out", traffic(each.out)},
                      {"paused", each.paused}});
  }
  json gone = json::array();
  for (const auto& each : members.gone) {
    gone.push_back({{"addr", each.addr},
                    {"name", each.name},
                    {"joined_ms", each.joined_ms},
                    {"gone_ms", each.gone_ms},
                    {"why", each.why},
                    {"in", traffic(each.in)},
                    {"out", traffic(each.out)}});
  }
  json out = {{"now_ms", members.now_ms}, {"members", std::move(listed)}, {"gone", std::move(gone)}};
  if (members.more > 0) out["more"] = members.more;
  return dump(out);
}

std::string rates_json(std::span<const rate_second> seconds) {
  json list = json::array();
  for (const auto& each : seconds) {
    list.push_back({{"t_ms", each.t_ms}, {"in", each.in}, {"out", each.out}, {"messages", each.messages}, {"members", each.members}});
  }
  return dump({{"per_second", std::move(list)}});
}

std::string datagrams_json(std::span<const event_slice> slices, view_transport transport) {
  json events = json::array();
  for (const auto& slice : slices) {
    for (std::size_t i = slice.begin; i < slice.end; ++i) {
      const datagram_event& event = slice.batch->events[i];
      json out = event_fields(event);
      out["peer_name"] = escape_for_terminal(event.name());
      const std::string_view bytes = slice.batch->bytes_of(event);
      out["text"] = short_text(transport == view_transport::tcp && event.kept == event.size ? without_line_ending(bytes)
                                                                                            : bytes);
      events.push_back(std::move(out));
    }
  }
  return dump({{"events", std::move(events)}});
}

std::string missed_json(std::uint64_t count, std::uint64_t next_seq) {
  return dump({{"count", count}, {"next_seq", next_seq}});
}

std::string datagram_detail_json(const event_batch& batch, const datagram_event& event, view_transport transport) {
  const std::string_view bytes = batch.bytes_of(event);
  json out = event_fields(event);
  out["peer_name"] = escape_for_terminal(event.name());
  out["fields"] = decoded_fields(event, bytes, transport);
  std::string dump_text;
  append_hex_dump(dump_text, bytes);
  out["hex"] = dump_text;
  out["kept"] = event.kept;
  if (transport == view_transport::tcp) {
    out["carrier"] = "a line in a TCP stream: TCP carries it in segments the page does not see";
    return dump(out);
  }
  const capture_endpoint& from = event.outbound ? event.hub : event.peer;
  const capture_endpoint& to = event.outbound ? event.peer : event.hub;
  const std::uint64_t sum = event.kept < event.size ? event.datagram_sum : internet_sum(bytes);
  const ip_udp_headers headers = synthesize_headers(from, to, event.size, sum);
  if (headers.ipv6) {
    out["ip"] = {{"version", 6},
                 {"payload_length", headers.ip_length},
                 {"next_header", headers.protocol},
                 {"hop_limit", headers.hop_limit},
                 {"source", address_text(from)},
                 {"destination", address_text(to)}};
  } else {
    out["ip"] = {{"version", 4},
                 {"header_length", headers.ip_header_length},
                 {"total_length", headers.ip_length},
                 {"ttl", headers.hop_limit},
                 {"protocol", headers.protocol},
                 {"dont_fragment", headers.dont_fragment},
                 {"identification", headers.identification},
                 {"checksum", hex16(headers.ip_checksum)},
                 {"source", address_text(from)},
                 {"destination", address_text(to)}};
  }
  out["udp"] = {{"source_port", headers.source_port},
                {"destination_port", headers.destination_port},
                {"length", headers.udp_length},
                {"checksum", hex16(headers.udp_checksum)}};
  return dump(out);
}

}  // namespace udpchat::web
