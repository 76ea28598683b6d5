// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/welcome_text.hpp"

#include "udpchat/datagram_codec.hpp"
#include "udpchat/duration_text.hpp"

#include <cstdint>
#include <utility>

namespace udpchat {

std::string idle_timeout_clause(std::chrono::milliseconds idle_timeout) {
  if (idle_timeout == std::chrono::milliseconds::zero()) return {};
  return std::string{idle_timeout_words} + " " + format_duration(idle_timeout) + "; ";
}

std::optional<std::chrono::milliseconds> idle_timeout_in(std::string_view welcome) {
  const auto at = welcome.find(idle_timeout_words);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view value = welcome.substr(at + idle_timeout_words.size());
  if (!value.starts_with(' ')) return std::nullopt;
  value.remove_prefix(1);
  return parse_duration(value.substr(0, value.find(';')));
}

namespace {

// The decimal number at the start of `text`, and what follows it.
std::optional<std::pair<std::uint32_t, std::string_view>> leading_number(std::string_view text) {
  std::uint64_t value = 0;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    value = value * 10 + static_cast<std::uint64_t>(text[digits] - '0');
    if (value > UINT32_MAX) return std::nullopt;
    ++digits;
  }
  if (digits == 0) return std::nullopt;
  return std::pair{static_cast<std::uint32_t>(value), text.substr(digits)};
}

}  // namespace

std::string rate_limit_clause(rate_limit limit) {
  if (limit.per_second == 0) return {};
  return std::string{rate_limit_words} + " " + std::to_string(limit.per_second) + "/s burst " +
         std::to_string(limit.burst == 0 ? 1 : limit.burst) + "; ";
}

std::optional<rate_limit> rate_limit_in(std::string_view welcome) {
  const auto at = welcome.find(rate_limit_words);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = welcome.substr(at + rate_limit_words.size());
  if (!rest.starts_with(' ')) return std::nullopt;
  const auto rate = leading_number(rest.substr(1));
  if (!rate || rate->first == 0 || !rate->second.starts_with("/s burst ")) return std::nullopt;
  const auto burst = leading_number(rate->second.substr(9));
  if (!burst || burst->first == 0) return std::nullopt;
  return rate_limit{rate->first, burst->first};
}

}  // namespace udpchat
