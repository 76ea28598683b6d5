// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/address.hpp>
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

}  // namespace udpchat
