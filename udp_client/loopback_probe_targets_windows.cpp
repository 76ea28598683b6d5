// SPDX-License-Identifier: GPL-3.0-or-later
#include "probe_targets.hpp"
#include "udpchat/discovery_message.hpp"

namespace udpchat {

// Windows has no broadcast on loopback. The group out of loopback reaches every server that
// joined it there; the loopback address itself reaches one server, should the group not.
std::vector<probe_target> loopback_probe_targets(const interface_address& loopback) {
  const auto address = loopback.address.to_v4();
  return {{asio::ip::make_address_v4(discovery_group_v4), address}, {address, std::nullopt}};
}

}  // namespace udpchat
