// SPDX-License-Identifier: GPL-3.0-or-later
#include "probe_targets.hpp"

namespace udpchat {

// Windows has no broadcast on loopback: the probe goes to the loopback address itself, and the
// one server the system hands it to answers. Servers on this host still all hear the probes
// sent to the other interfaces' broadcast addresses and groups, which Windows loops back.
asio::ip::address_v4 loopback_probe_address(const interface_address& loopback) {
  return loopback.address.to_v4();
}

}  // namespace udpchat
