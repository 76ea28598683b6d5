// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/welcome_text.hpp"

#include "udpchat/datagram_codec.hpp"
#include "udpchat/duration_text.hpp"

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

}  // namespace udpchat
