// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/address_text.hpp"

#include <charconv>

namespace udpchat {

std::string format_host_port(std::string_view host, std::uint16_t port) {
  const bool is_v6 = host.find(':') != std::string_view::npos;
  std::string out;
  out.reserve(host.size() + 8);
  if (is_v6) out += '[';
  out.append(host);
  if (is_v6) out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

std::string normalize_sender(std::string_view sender) {
  // ('<host>', <port>[, <flowinfo>, <scope>])
  constexpr std::string_view open = "('";
  constexpr std::string_view host_end = "', ";
  if (!sender.starts_with(open) || !sender.ends_with(")")) {
    return std::string{sender};
  }
  const std::string_view inner = sender.substr(open.size(), sender.size() - open.size() - 1);
  const auto quote = inner.find(host_end);
  if (quote == std::string_view::npos || quote == 0) {
    return std::string{sender};
  }
  const std::string_view host = inner.substr(0, quote);
  const std::string_view after_host = inner.substr(quote + host_end.size());
  std::uint16_t port = 0;
  const auto [end, error] =
      std::from_chars(after_host.data(), after_host.data() + after_host.size(), port);
  const std::string_view tail{end, static_cast<std::size_t>(after_host.data() + after_host.size() - end)};
  if (error != std::errc{} || (!tail.empty() && !tail.starts_with(", "))) {
    return std::string{sender};
  }
  return format_host_port(host, port);
}

}  // namespace udpchat
