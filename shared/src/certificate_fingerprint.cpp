// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/certificate_fingerprint.hpp"

namespace udpchat {
namespace {

constexpr std::string_view upper_hex_digits = "0123456789ABCDEF";

std::optional<std::uint8_t> fingerprint_digit(char digit) {
  if (digit >= '0' && digit <= '9') return static_cast<std::uint8_t>(digit - '0');
  if (digit >= 'a' && digit <= 'f') return static_cast<std::uint8_t>(digit - 'a' + 10);
  if (digit >= 'A' && digit <= 'F') return static_cast<std::uint8_t>(digit - 'A' + 10);
  return std::nullopt;
}

}  // namespace

std::string fingerprint_text(const sha256_digest& digest) {
  std::string text;
  text.reserve(digest.size() * 3 - 1);
  for (const std::uint8_t byte : digest) {
    if (!text.empty()) text += ':';
    text += upper_hex_digits[byte >> 4U];
    text += upper_hex_digits[byte & 0x0FU];
  }
  return text;
}

std::optional<sha256_digest> parse_fingerprint(std::string_view text, std::string& why) {
  sha256_digest digest{};
  std::size_t at = 0;
  for (std::size_t i = 0; i < digest.size(); ++i) {
    if (at + 2 > text.size()) {
      why = "a SHA-256 fingerprint has 32 bytes (64 hex digits); this has " + std::to_string(i);
      return std::nullopt;
    }
    const auto high = fingerprint_digit(text[at]);
    const auto low = fingerprint_digit(text[at + 1]);
    if (!high || !low) {
      why = "not a hex digit at character " + std::to_string((high ? at + 1 : at) + 1);
      return std::nullopt;
    }
    digest[i] = static_cast<std::uint8_t>((*high << 4U) | *low);
    at += 2;
    if (i + 1 < digest.size() && at < text.size() && text[at] == ':') ++at;
  }
  if (at != text.size()) {
    why = "more than 32 bytes (64 hex digits)";
    return std::nullopt;
  }
  return digest;
}

}  // namespace udpchat
