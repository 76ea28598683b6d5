// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/address.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace udpchat {

// One address of a network interface that is up, as the system lists it (getifaddrs(3) on
// Linux, GetAdaptersAddresses on Windows).
struct interface_address {
  std::string interface_name;    // "eth0", "lo"; on Windows the adapter's friendly name
  unsigned int interface_index;  // as if_nametoindex(3) gives it; an IPv6 scope id
  asio::ip::address address;
  unsigned int prefix_length;    // bits of the network part: 24 for a /24
  bool loopback;
  bool multicast;                // the interface can send and receive multicast
  // IPv4 only: the interface's broadcast address (IFF_BROADCAST), or unspecified without one.
  asio::ip::address_v4 broadcast;
};

// The addresses of every interface that is up; empty when the system cannot list them.
std::vector<interface_address> up_interface_addresses();

// Whether `source` is on one of the networks `interfaces` are directly connected to: inside an
// IPv4 or IPv6 prefix of one of them, or an IPv6 link-local address (fe80::/10). An IPv4-mapped
// IPv6 address is taken as the IPv4 address it maps.
bool on_connected_network(const asio::ip::address& source, const std::vector<interface_address>& interfaces);

}  // namespace udpchat
