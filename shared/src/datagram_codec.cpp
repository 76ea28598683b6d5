// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/datagram_codec.hpp"

namespace udpchat {
namespace {

std::string_view without_trailing(std::string_view text, std::string_view unwanted) {
  const auto last = text.find_last_not_of(unwanted);
  return last == std::string_view::npos ? std::string_view{} : text.substr(0, last + 1);
}

}  // namespace

std::string encode_relay(std::string_view sender, std::string_view text) {
  std::string datagram;
  datagram.reserve(sender.size() + field_separator.size() + text.size());
  datagram.append(sender).append(field_separator).append(text);
  return datagram;
}

std::string encode_departure(std::string_view sender, std::string_view notice) {
  std::string datagram = encode_relay(sender, notice);
  datagram.append(field_separator).append(departure_marker);
  return datagram;
}

inbound_datagram classify_inbound(std::string_view datagram) {
  // The common case, a message with no line ending, decided without searching for one.
  if (const char last = datagram.empty() ? '\n' : datagram.back();
      last != ' ' && last != '\t' && last != '\r' && last != '\n') {
    if (datagram == quit_command) return {inbound_kind::quit, {}};
    return {inbound_kind::message, datagram};
  }
  if (without_trailing(datagram, " \t\r\n") == quit_command) {
    return {inbound_kind::quit, {}};
  }
  // `nc -u` and line-oriented senders end each message with a newline that is not part of it.
  const std::string_view text = without_trailing(datagram, "\r\n");
  if (text.empty()) {
    return {inbound_kind::join, {}};
  }
  return {inbound_kind::message, text};
}

decoded_datagram decode_datagram(std::string_view datagram) {
  const auto first = datagram.find(field_separator);
  if (first == std::string_view::npos) {
    return decode_error::no_separator;
  }
  if (first == 0) {
    return decode_error::empty_sender;
  }
  const std::string_view sender = datagram.substr(0, first);
  const std::string_view rest = datagram.substr(first + field_separator.size());

  // A departure ends in "____qq". The Python hub relays texts holding "____" unchanged, so a
  // text is read as a departure only when the marker is its very last field.
  const auto marker_at = rest.rfind(field_separator);
  if (marker_at != std::string_view::npos &&
      rest.substr(marker_at + field_separator.size()) == departure_marker) {
    return departure_notice{sender, rest.substr(0, marker_at)};
  }
  return relayed_message{sender, rest};
}

std::string_view describe(decode_error error) {
  switch (error) {
    case decode_error::no_separator:
      return "no ____ separator after the sender";
    case decode_error::empty_sender:
      return "empty sender before the ____ separator";
  }
  return "unknown decode error";
}

}  // namespace udpchat
