// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/address.hpp>
#include <cstdio>
#include <string>

#include "udpchat/address_text.hpp"

namespace udpchat {

// An endpoint as members see it: ip:port, or [v6]:port. An IPv4 peer reaching a dual-stack
// socket is shown with its IPv4 address, as it would be on an IPv4 socket.
template <typename Endpoint>
std::string endpoint_text(const Endpoint& endpoint) {
  asio::ip::address address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return format_host_port(address.to_string(), endpoint.port());
}

// The longest endpoint text: a bracketed IPv6 address (46 bytes with its NUL, POSIX
// INET6_ADDRSTRLEN), a scope name, and a port.
inline constexpr std::size_t max_endpoint_text = 46 + 2 + 16 + 6;

// The same text written into `out` (room for max_endpoint_text); returns its length. For an
// IPv4 endpoint, the hub's common case, nothing is allocated.
template <typename Endpoint>
std::size_t write_endpoint_text(const Endpoint& endpoint, char* out) {
  asio::ip::address address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  if (address.is_v4()) {
    const auto bytes = address.to_v4().to_bytes();
    return static_cast<std::size_t>(std::snprintf(out, max_endpoint_text, "%u.%u.%u.%u:%u", bytes[0],
                                                  bytes[1], bytes[2], bytes[3], endpoint.port()));
  }
  // IPv6 (with its scope name, if any) the way asio writes it; this one may allocate.
  const std::string host = address.to_string();
  return static_cast<std::size_t>(
      std::snprintf(out, max_endpoint_text, "[%s]:%u", host.c_str(), endpoint.port()));
}

}  // namespace udpchat
