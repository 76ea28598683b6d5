// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a terminal sends its discovery probe (udpchat/discovery_message.hpp) so that every
// server on its links hears it: servers listen on discovery_port on the wildcard addresses and
// in the discovery groups. Pure apart from the one platform fact in loopback_probe_address.

#include <asio/ip/address.hpp>
#include <optional>
#include <vector>

#include "network_interfaces.hpp"

namespace udpchat {

struct probe_target {
  asio::ip::address address;  // a broadcast address, a discovery group, or a loopback address
  // For an IPv4 group: the address of the interface to send out of (IP_MULTICAST_IF). An IPv6
  // group's address carries the interface as its scope id instead.
  std::optional<asio::ip::address_v4> multicast_interface;
};

// The probe's destinations for `interfaces` (up_interface_addresses()), each once:
//   - each IPv4 broadcast address of an interface that has one;
//   - discovery_group_v4 out of each IPv4 interface that can multicast, and discovery_group_v6
//     out of each such IPv6 interface, loopback interfaces excepted;
//   - for each IPv4 loopback address, loopback_probe_targets, so servers on this host answer
//     even when nothing but loopback is up.
std::vector<probe_target> probe_targets(const std::vector<interface_address>& interfaces);

// Where a probe goes to reach every server on this host through the loopback interface that
// holds the IPv4 address `loopback`. A unicast datagram to a port several sockets share reaches
// only one of them, so: on Linux, the loopback network's broadcast address (127.255.255.255 for
// 127.0.0.1/8), which reaches all of them; on Windows, which has no broadcast on loopback,
// discovery_group_v4 out of `loopback` (servers join it there too) and `loopback` itself. One
// implementation file per platform.
std::vector<probe_target> loopback_probe_targets(const interface_address& loopback);

}  // namespace udpchat
