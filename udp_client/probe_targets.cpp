// SPDX-License-Identifier: GPL-3.0-or-later
#include "probe_targets.hpp"

#include <algorithm>

#include "udpchat/discovery_message.hpp"

namespace udpchat {
namespace {

void add_once(std::vector<probe_target>& targets, probe_target target) {
  const bool known = std::any_of(targets.begin(), targets.end(), [&](const probe_target& earlier) {
    return earlier.address == target.address && earlier.multicast_interface == target.multicast_interface;
  });
  if (!known) targets.push_back(std::move(target));
}

}  // namespace

std::vector<probe_target> probe_targets(const std::vector<interface_address>& interfaces) {
  const auto group_v4 = asio::ip::make_address_v4(discovery_group_v4);
  const auto group_v6 = asio::ip::make_address_v6(discovery_group_v6);
  std::vector<probe_target> targets;
  std::vector<unsigned int> v4_multicast_links;
  for (const interface_address& interface : interfaces) {
    if (interface.address.is_v4()) {
      const auto address = interface.address.to_v4();
      if (interface.loopback) {
        for (auto& target : loopback_probe_targets(interface)) add_once(targets, std::move(target));
        continue;
      }
      if (!interface.broadcast.is_unspecified()) add_once(targets, {interface.broadcast, std::nullopt});
      // One probe per link is enough for the group, however many addresses the link has.
      const bool link_seen = std::find(v4_multicast_links.begin(), v4_multicast_links.end(),
                                       interface.interface_index) != v4_multicast_links.end();
      if (interface.multicast && !link_seen) {
        v4_multicast_links.push_back(interface.interface_index);
        add_once(targets, {group_v4, address});
      }
    } else if (interface.multicast && !interface.loopback) {
      auto group = group_v6;
      group.scope_id(interface.interface_index);
      add_once(targets, {group, std::nullopt});
    }
  }
  return targets;
}

}  // namespace udpchat
