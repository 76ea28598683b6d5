// SPDX-License-Identifier: GPL-3.0-or-later
#include "network_interfaces.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace udpchat {
namespace {

interface_address entry(const char* name, const char* address, unsigned int prefix_length, bool loopback = false) {
  interface_address found;
  found.interface_name = name;
  found.interface_index = loopback ? 1 : 2;
  found.address = asio::ip::make_address(address);
  found.prefix_length = prefix_length;
  found.loopback = loopback;
  found.multicast = !loopback;
  return found;
}

// A host on a /24 and a /16, with a /32 of its own (as a VPN or a container gives), a global
// IPv6 /64, a link-local address and loopback.
const std::vector<interface_address>& host_interfaces() {
  static const std::vector<interface_address> interfaces{
      entry("lo", "127.0.0.1", 8, true),
      entry("lo", "::1", 128, true),
      entry("eth0", "192.168.10.20", 24),
      entry("eth0", "2001:db8:10:20::5", 64),
      entry("eth0", "fe80::1234", 64),
      entry("eth1", "172.16.4.1", 16),
      entry("tun0", "10.8.0.6", 32),
  };
  return interfaces;
}

struct source_case {
  const char* source;
  bool connected;
};

class ConnectedNetworkTest : public ::testing::TestWithParam<source_case> {};

TEST_P(ConnectedNetworkTest, TellsConnectedSourcesFromOthers) {
  const auto& c = GetParam();
  EXPECT_EQ(on_connected_network(asio::ip::make_address(c.source), host_interfaces()), c.connected) << c.source;
}

INSTANTIATE_TEST_SUITE_P(
    Sources, ConnectedNetworkTest,
    ::testing::Values(
        // The /24: its first and last addresses are in, the neighbours out.
        source_case{"192.168.10.1", true}, source_case{"192.168.10.255", true},
        source_case{"192.168.11.1", false}, source_case{"192.168.9.254", false},
        // The /16.
        source_case{"172.16.200.9", true}, source_case{"172.17.0.1", false},
        // The /32 holds its own address only.
        source_case{"10.8.0.6", true}, source_case{"10.8.0.7", false},
        // A dual-stack socket reports IPv4 sources mapped into IPv6.
        source_case{"::ffff:192.168.10.77", true}, source_case{"::ffff:8.8.8.8", false},
        // The IPv6 /64.
        source_case{"2001:db8:10:20:abcd::1", true}, source_case{"2001:db8:10:21::1", false},
        // Link-local is always on a connected network, even one not in the list.
        source_case{"fe80::99", true}, source_case{"fe80::1%7", true}, source_case{"febf::1", true},
        source_case{"fec0::1", false},
        // Loopback.
        source_case{"127.0.0.1", true}, source_case{"127.3.4.5", true}, source_case{"::1", true},
        // Elsewhere.
        source_case{"8.8.8.8", false}, source_case{"2001:4860::8888", false}, source_case{"0.0.0.0", false}));

TEST(ConnectedNetwork, NothingIsConnectedWithoutInterfacesButLinkLocal) {
  EXPECT_FALSE(on_connected_network(asio::ip::make_address("127.0.0.1"), {}));
  EXPECT_FALSE(on_connected_network(asio::ip::make_address("192.168.10.1"), {}));
  EXPECT_TRUE(on_connected_network(asio::ip::make_address("fe80::1"), {}));
}

TEST(ConnectedNetwork, PrefixLengthZeroTakesEveryAddressOfItsFamily) {
  const std::vector<interface_address> default_route_only{entry("wg0", "10.0.0.1", 0)};
  EXPECT_TRUE(on_connected_network(asio::ip::make_address("203.0.113.9"), default_route_only));
  EXPECT_FALSE(on_connected_network(asio::ip::make_address("2001:db8::1"), default_route_only));
}

// The system's own list holds at least loopback where there is one; each entry is on its own
// network.
TEST(UpInterfaceAddresses, EachAddressIsOnItsOwnNetwork) {
  const auto interfaces = up_interface_addresses();
  for (const auto& found : interfaces) {
    EXPECT_TRUE(on_connected_network(found.address, interfaces)) << found.interface_name << " " << found.address;
    EXPECT_LE(found.prefix_length, found.address.is_v4() ? 32u : 128u) << found.interface_name;
    EXPECT_NE(found.interface_index, 0u) << found.interface_name;
  }
}

}  // namespace
}  // namespace udpchat
