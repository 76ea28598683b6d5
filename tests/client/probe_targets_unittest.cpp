// SPDX-License-Identifier: GPL-3.0-or-later
#include "probe_targets.hpp"

#include <gtest/gtest.h>

#include "udpchat/discovery_message.hpp"

namespace udpchat {
namespace {

interface_address v4(const char* name, unsigned int index, const char* address, unsigned int prefix,
                     const char* broadcast, bool multicast = true, bool loopback = false) {
  return {name, index, asio::ip::make_address(address), prefix, loopback, multicast,
          broadcast == nullptr ? asio::ip::address_v4{} : asio::ip::make_address_v4(broadcast)};
}

interface_address v6(const char* name, unsigned int index, const char* address, bool multicast = true,
                     bool loopback = false) {
  return {name, index, asio::ip::make_address(address), 64, loopback, multicast, {}};
}

std::vector<std::string> texts(const std::vector<probe_target>& targets) {
  std::vector<std::string> shown;
  for (const auto& target : targets) {
    std::string text = target.address.to_string();
    // By index: the system would show the name of whatever interface has it on this machine.
    if (target.address.is_v6()) {
      auto unscoped = target.address.to_v6();
      unscoped.scope_id(0);
      text = unscoped.to_string() + "%" + std::to_string(target.address.to_v6().scope_id());
    }
    if (target.multicast_interface) text += " out of " + target.multicast_interface->to_string();
    shown.push_back(text);
  }
  return shown;
}

using strings = std::vector<std::string>;

TEST(ProbeTargetsTest, BroadcastAndBothGroupsOnALink) {
  const auto targets = probe_targets({v4("veth0", 2, "169.254.1.1", 16, "169.254.255.255"),
                                      v6("veth0", 2, "fe80::1")});
  EXPECT_EQ(texts(targets), (strings{"169.254.255.255", "239.255.80.99 out of 169.254.1.1", "ff02::8099%2"}));
}

TEST(ProbeTargetsTest, EachLinkOnceForTheGroupsEachBroadcastAddressOnce) {
  const auto targets = probe_targets({v4("eth0", 2, "192.0.2.1", 24, "192.0.2.255"),
                                      v4("eth0", 2, "192.0.2.7", 24, "192.0.2.255"),
                                      v4("eth0", 2, "198.51.100.1", 24, "198.51.100.255"),
                                      v4("eth1", 3, "169.254.9.9", 16, "169.254.255.255"),
                                      v6("eth0", 2, "fe80::1"), v6("eth0", 2, "2001:db8::1"),
                                      v6("eth1", 3, "fe80::1")});
  EXPECT_EQ(texts(targets), (strings{"192.0.2.255", "239.255.80.99 out of 192.0.2.1", "198.51.100.255",
                                     "169.254.255.255", "239.255.80.99 out of 169.254.9.9", "ff02::8099%2",
                                     "ff02::8099%3"}));
}

TEST(ProbeTargetsTest, NoBroadcastOrMulticastWhereTheLinkHasNone) {
  // A point-to-point link (a VPN tunnel) without broadcast or multicast gets nothing.
  const auto targets = probe_targets({v4("tun0", 4, "10.8.0.2", 32, nullptr, false), v6("tun0", 4, "fe80::9", false)});
  EXPECT_TRUE(targets.empty());
}

TEST(ProbeTargetsTest, LoopbackGetsTheLoopbackNetworksBroadcastAddressOnLinux) {
  // No group out of loopback, IPv4 or IPv6: a broadcast there reaches every server on this host.
  const auto targets = probe_targets({v4("lo", 1, "127.0.0.1", 8, nullptr, false, true),
                                      v4("lo", 1, "127.0.0.2", 8, nullptr, false, true),
                                      v6("lo", 1, "::1", true, true)});
  EXPECT_EQ(texts(targets), (strings{"127.255.255.255"}));
}

TEST(ProbeTargetsTest, LoopbackBroadcastAddressFollowsThePrefix) {
  EXPECT_EQ(texts(probe_targets({v4("lo", 1, "127.1.2.3", 16, nullptr, false, true)})), (strings{"127.1.255.255"}));
  EXPECT_EQ(texts(probe_targets({v4("lo", 1, "127.0.0.1", 32, nullptr, false, true)})), (strings{"127.0.0.1"}));
}

}  // namespace
}  // namespace udpchat
