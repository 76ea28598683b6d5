// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/udp.hpp>
#include <algorithm>
#include <optional>
#include <utility>

#include "udpchat/pcap_format.hpp"

namespace udpchat {

inline std::optional<asio::ip::address_v4> as_v4(const asio::ip::address& address) {
  if (address.is_v4()) return address.to_v4();
  if (address.to_v6().is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  return std::nullopt;
}

// Both ends in one family, as one IP header holds them: IPv4 whenever the peer is IPv4, even
// on a dual-stack socket (where the system writes it as ::ffff:a.b.c.d).
inline std::pair<asio::ip::udp::endpoint, asio::ip::udp::endpoint> in_one_family(asio::ip::udp::endpoint peer,
                                                                                 asio::ip::udp::endpoint local) {
  if (const auto peer_v4 = as_v4(peer.address())) {
    peer.address(*peer_v4);
    local.address(as_v4(local.address()).value_or(asio::ip::address_v4::any()));
  } else if (local.address().is_v4()) {
    local.address(asio::ip::make_address_v6(asio::ip::v4_mapped, local.address().to_v4()));
  }
  return {peer, local};
}

// An endpoint as a capture record names it (pcap_format.hpp).
inline capture_endpoint capture_end(const asio::ip::udp::endpoint& end) {
  capture_endpoint out;
  out.port = end.port();
  if (end.address().is_v4()) {
    const auto bytes = end.address().to_v4().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.address.begin());
  } else {
    out.ipv6 = true;
    const auto bytes = end.address().to_v6().to_bytes();
    std::copy(bytes.begin(), bytes.end(), out.address.begin());
  }
  return out;
}

}  // namespace udpchat
