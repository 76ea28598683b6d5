// SPDX-License-Identifier: GPL-3.0-or-later
#include <algorithm>
#include <cstdint>

#include "probe_targets.hpp"

namespace udpchat {

// Linux delivers a datagram sent to the loopback network's broadcast address to every socket
// bound to the port on the wildcard address, as it does a broadcast on any other link; it needs
// no group joined on loopback.
std::vector<probe_target> loopback_probe_targets(const interface_address& loopback) {
  const unsigned int host_bits = 32U - std::min(loopback.prefix_length, 32U);
  const std::uint32_t host_mask = host_bits >= 32U ? 0xffffffffU : (std::uint32_t{1} << host_bits) - 1U;
  return {{asio::ip::address_v4{loopback.address.to_v4().to_uint() | host_mask}, std::nullopt}};
}

}  // namespace udpchat
