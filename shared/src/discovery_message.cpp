// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/discovery_message.hpp"

#include <charconv>

#include "udpchat/utf8.hpp"

namespace udpchat {
namespace {

constexpr std::string_view probe_opens = "UDPCHAT-FIND 1 ";
constexpr std::string_view answer_opens = "UDPCHAT-HERE 1 ";
constexpr std::string_view hex_digits = "0123456789abcdef";
constexpr std::string_view fallback_server_name = "udpchat";

// The next space-separated field of `line`, removed from it with its space; nullopt when there
// is no space left.
std::optional<std::string_view> take_field(std::string_view& line) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string_view field = line.substr(0, space);
  line.remove_prefix(space + 1);
  return field;
}

std::optional<std::uint8_t> lower_hex_digit(char digit) {
  if (digit >= '0' && digit <= '9') return static_cast<std::uint8_t>(digit - '0');
  if (digit >= 'a' && digit <= 'f') return static_cast<std::uint8_t>(digit - 'a' + 10);
  return std::nullopt;
}

std::optional<discovery_nonce> parse_nonce(std::string_view text) {
  discovery_nonce nonce{};
  if (text.size() != nonce.size() * 2) return std::nullopt;
  for (std::size_t i = 0; i < nonce.size(); ++i) {
    const auto high = lower_hex_digit(text[2 * i]);
    const auto low = lower_hex_digit(text[2 * i + 1]);
    if (!high || !low) return std::nullopt;
    nonce[i] = static_cast<std::uint8_t>((*high << 4U) | *low);
  }
  return nonce;
}

// A decimal number as encode_answer writes it: digits only, no sign, no leading zero, and not
// past `largest`. One spelling per number is what lets a decoded answer re-encode to its bytes.
template <typename Number>
std::optional<Number> parse_decimal(std::string_view text, Number largest) {
  if (text.empty() || (text.size() > 1 && text.front() == '0')) return std::nullopt;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value > largest) return std::nullopt;
  return static_cast<Number>(value);
}

std::optional<wanted_kind> parse_wanted_kind(std::string_view text) {
  for (const wanted_kind want : {wanted_kind::hub, wanted_kind::tcp, wanted_kind::any}) {
    if (text == kind_text(want)) return want;
  }
  return std::nullopt;
}

std::optional<server_kind> parse_server_kind(std::string_view text) {
  for (const server_kind kind : {server_kind::hub, server_kind::room, server_kind::desk}) {
    if (text == kind_text(kind)) return kind;
  }
  return std::nullopt;
}

// The code point of a well-formed sequence of `length` bytes at the front of `text`.
std::uint32_t code_point_of(std::string_view text, std::size_t length) {
  const auto lead = static_cast<unsigned char>(text[0]);
  if (length == 1) return lead;
  std::uint32_t code_point = lead & (0x7FU >> length);
  for (std::size_t i = 1; i < length; ++i) {
    code_point = (code_point << 6U) | (static_cast<unsigned char>(text[i]) & 0x3FU);
  }
  return code_point;
}

// C0, DEL and C1 (RFC 5198 section 2 keeps all three out of text meant for people).
bool is_control(std::uint32_t code_point) {
  return code_point < 0x20U || (code_point >= 0x7FU && code_point <= 0x9FU);
}

}  // namespace

std::string discovery_nonce_text(const discovery_nonce& nonce) {
  std::string text;
  text.reserve(nonce.size() * 2);
  for (const std::uint8_t byte : nonce) {
    text += hex_digits[byte >> 4U];
    text += hex_digits[byte & 0x0FU];
  }
  return text;
}

std::string_view kind_text(server_kind kind) {
  switch (kind) {
    case server_kind::hub:
      return "hub";
    case server_kind::room:
      return "room";
    case server_kind::desk:
      return "desk";
  }
  return "hub";
}

std::string_view kind_text(wanted_kind want) {
  switch (want) {
    case wanted_kind::hub:
      return "hub";
    case wanted_kind::tcp:
      return "tcp";
    case wanted_kind::any:
      return "any";
  }
  return "any";
}

bool kind_wanted(wanted_kind want, server_kind kind) {
  switch (want) {
    case wanted_kind::hub:
      return kind == server_kind::hub;
    case wanted_kind::tcp:
      return kind == server_kind::room || kind == server_kind::desk;
    case wanted_kind::any:
      return true;
  }
  return false;
}

std::string encode_probe(const discovery_probe& probe) {
  std::string datagram;
  datagram.reserve(discovery_probe_min_bytes);
  datagram.append(probe_opens).append(kind_text(probe.want)).append(" ");
  datagram.append(discovery_nonce_text(probe.nonce)).append("\n");
  datagram.resize(discovery_probe_min_bytes, '.');
  return datagram;
}

std::optional<discovery_probe> decode_probe(std::string_view datagram) {
  if (datagram.size() < discovery_probe_min_bytes || datagram.size() > discovery_probe_max_bytes) {
    return std::nullopt;
  }
  const auto newline = datagram.find('\n');
  if (newline == std::string_view::npos) return std::nullopt;
  std::string_view line = datagram.substr(0, newline);
  if (!line.starts_with(probe_opens)) return std::nullopt;
  line.remove_prefix(probe_opens.size());
  const auto want_field = take_field(line);
  if (!want_field) return std::nullopt;
  const auto want = parse_wanted_kind(*want_field);
  const auto nonce = parse_nonce(line);
  if (!want || !nonce) return std::nullopt;
  return discovery_probe{*want, *nonce};
}

bool valid_server_name(std::string_view name) {
  if (name.empty() || name.size() > discovery_name_max_bytes) return false;
  if (name.front() == ' ' || name.back() == ' ') return false;
  for (std::string_view rest = name; !rest.empty();) {
    const std::size_t length = utf8_sequence_length(rest);
    if (length == 0 || is_control(code_point_of(rest, length))) return false;
    rest.remove_prefix(length);
  }
  return true;
}

std::string server_name_from(std::string_view name) {
  std::string made;
  made.reserve(name.size() < discovery_name_max_bytes ? name.size() : discovery_name_max_bytes);
  for (std::string_view rest = name; !rest.empty();) {
    const std::size_t length = utf8_sequence_length(rest);
    if (length == 0) {
      rest.remove_prefix(1);
      continue;
    }
    if (!is_control(code_point_of(rest, length))) {
      // Whole characters only: the first one that does not fit ends the name.
      if (made.size() + length > discovery_name_max_bytes) break;
      made.append(rest.substr(0, length));
    }
    rest.remove_prefix(length);
  }
  const auto first = made.find_first_not_of(' ');
  if (first == std::string::npos) return std::string{fallback_server_name};
  const auto last = made.find_last_not_of(' ');
  return made.substr(first, last - first + 1);
}

std::string encode_answer(const discovery_answer& answer) {
  // The size bound holds even for a caller that broke the contract.
  std::string made_valid;
  std::string_view name = answer.name;
  if (!valid_server_name(name)) {
    made_valid = server_name_from(name);
    name = made_valid;
  }
  std::string datagram;
  datagram.reserve(discovery_answer_max_bytes);
  datagram.append(answer_opens);
  datagram.append(discovery_nonce_text(answer.nonce)).append(" ");
  datagram.append(discovery_nonce_text(answer.instance)).append(" ");
  datagram.append(kind_text(answer.kind)).append(" ");
  datagram.append(std::to_string(answer.port)).append(" ");
  datagram.append(std::to_string(answer.members)).append(" ");
  datagram.append(name).append("\n");
  return datagram;
}

std::optional<discovery_answer> decode_answer(std::string_view datagram) {
  if (datagram.size() > discovery_answer_max_bytes) return std::nullopt;
  const auto newline = datagram.find('\n');
  if (newline == std::string_view::npos || newline + 1 != datagram.size()) return std::nullopt;
  std::string_view line = datagram.substr(0, newline);
  if (!line.starts_with(answer_opens)) return std::nullopt;
  line.remove_prefix(answer_opens.size());
  std::optional<std::string_view> fields[5];
  for (auto& field : fields) {
    field = take_field(line);
    if (!field) return std::nullopt;
  }
  const auto nonce = parse_nonce(*fields[0]);
  const auto instance = parse_nonce(*fields[1]);
  const auto kind = parse_server_kind(*fields[2]);
  const auto port = parse_decimal<std::uint16_t>(*fields[3], 65535);
  const auto members = parse_decimal<std::uint32_t>(*fields[4], 4294967295U);
  // What is left of the line is the name, spaces and all.
  if (!nonce || !instance || !kind || !port || *port == 0 || !members || !valid_server_name(line)) {
    return std::nullopt;
  }
  return discovery_answer{*nonce, *instance, *kind, *port, *members, std::string{line}};
}

}  // namespace udpchat
