// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_printer.hpp"

#include <chrono>
#include <cstdio>
#include <cstdint>
#include <ctime>
#include <variant>

#include "log_text.hpp"
#include "udpchat/address_text.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/display_text.hpp"
#include "udpchat/history_mark.hpp"
#include "udpchat/json_text.hpp"
#include "udpchat/member_name.hpp"

namespace udpchat {
namespace {

using std::chrono::system_clock;

// "2026-11-22T10:15:12.345Z": UTC with milliseconds, for programs.
std::string iso_time(system_clock::time_point now) {
  const std::time_t seconds = system_clock::to_time_t(now);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  std::size_t size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  size += static_cast<std::size_t>(std::snprintf(text + size, sizeof text - size, ".%03dZ", static_cast<int>(millis)));
  return std::string{text, size};
}

class json_object {
 public:
  explicit json_object(std::string_view event) {
    text_ = "{\"time\":\"" + iso_time(system_clock::now()) + "\",\"event\":\"";
    text_.append(event);
    text_ += '"';
  }
  json_object& field(std::string_view name, std::string_view value) {
    text_ += ",\"";
    text_.append(name);
    text_ += "\":";
    text_ += json_string(value);
    return *this;
  }
  // The sender's parts: the whole, the name if any, and the address the hub saw.
  json_object& sender(std::string_view raw) {
    const std::string normalized = normalize_sender(raw);
    const sender_parts parts = split_sender(normalized);
    field("sender", normalized);
    if (!parts.name.empty()) field("name", parts.name);
    return field("address", parts.address);
  }
  json_object& number(std::string_view name, std::uint64_t value) {
    text_ += ",\"";
    text_.append(name);
    text_ += "\":" + std::to_string(value);
    return *this;
  }
  std::string done() { return text_ + '}'; }

 private:
  std::string text_;
};

struct json_for {
  std::string operator()(const relayed_message& message) const {
    if (message.sender == hub_sender) return json_object{"notice"}.field("text", message.text).done();
    // A message replayed to a newcomer: said earlier, at said_at, by the sender without the mark.
    if (const auto history = split_history_mark(message.sender)) {
      return json_object{"history"}
          .field("said_at", history->said_at)
          .sender(history->sender)
          .field("text", message.text)
          .done();
    }
    return json_object{"message"}.sender(message.sender).field("text", message.text).done();
  }
  std::string operator()(const departure_notice& departure) const {
    if (departure.sender == hub_sender) return json_object{"closing"}.done();
    return json_object{"departure"}
        .sender(departure.sender)
        .field("reason", departure.notice.empty() ? left_notice : departure.notice)
        .done();
  }
  std::string operator()(decode_error error) const {
    return json_object{"unreadable"}.field("reason", describe(error)).field("text", datagram).done();
  }
  std::string_view datagram;
};

}  // namespace

std::string event_printer::for_message(std::string_view message) const {
  switch (format_) {
    case event_format::plain:
      return display_line(message);
    case event_format::timestamped:
      return clock_time(system_clock::now()) + " " + display_line(message);
    case event_format::json:
      return std::visit(json_for{message}, decode_datagram(message));
  }
  return display_line(message);
}

std::string event_printer::for_notice(std::string_view notice) const {
  switch (format_) {
    case event_format::plain:
      return std::string{notice};
    case event_format::timestamped:
      return clock_time(system_clock::now()) + " " + std::string{notice};
    case event_format::json: {
      std::string_view text = notice;
      if (text.starts_with("*** ")) text.remove_prefix(4);
      return json_object{"status"}.field("text", text).done();
    }
  }
  return std::string{notice};
}

std::string event_printer::for_found(const found_server& server) const {
  if (format_ != event_format::json) return {};
  return json_object{"found"}
      .field("name", server.answer.name)
      .field("kind", kind_text(server.answer.kind))
      .field("address", server.address.to_string())
      .number("port", server.answer.port)
      .number("members", server.answer.members)
      .done();
}

}  // namespace udpchat
