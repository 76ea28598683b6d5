// SPDX-License-Identifier: GPL-3.0-or-later
#include "member_table.hpp"

#include <gtest/gtest.h>

#include <string>

namespace udpchat {
namespace {

asio::ip::udp::endpoint at(const std::string& address, unsigned short port = 5000) {
  return {asio::ip::make_address(address), port};
}

struct same_source_case {
  const char* a;
  const char* b;
  bool same;
};

class SourceKeyTest : public ::testing::TestWithParam<same_source_case> {};

TEST_P(SourceKeyTest, TellsSourcesApart) {
  const auto& c = GetParam();
  EXPECT_EQ(source_of(at(c.a, 5000)) == source_of(at(c.b, 6000)), c.same) << c.a << " and " << c.b;
}

INSTANTIATE_TEST_SUITE_P(
    Sources, SourceKeyTest,
    ::testing::Values(
        same_source_case{"192.0.2.7", "192.0.2.7", true},
        same_source_case{"192.0.2.7", "192.0.2.8", false},
        // An IPv4 member of a dual-stack hub counts as its IPv4 address.
        same_source_case{"::ffff:192.0.2.7", "192.0.2.7", true},
        same_source_case{"::ffff:192.0.2.7", "::ffff:192.0.2.8", false},
        // One /64 is one host.
        same_source_case{"2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true},
        same_source_case{"2001:db8:1:2::1", "2001:db8:1:3::1", false},
        // Link-local: one /64 per link, told apart by the interface.
        same_source_case{"fe80::1%1", "fe80::2%1", true},
        same_source_case{"fe80::1%1", "fe80::1%2", false},
        same_source_case{"fe80::1%2", "fe80::9:8:7:6%3", false},
        // No IPv6 /64 is an IPv4 address, whatever its bytes.
        same_source_case{"c000:207::", "192.0.2.7", false},
        same_source_case{"::", "0.0.0.0", false}));

TEST(MemberTableTest, LinkLocalHostsOnTwoLinksHaveBudgetsOfTheirOwn) {
  member_table members;
  const auto now = std::chrono::steady_clock::now();
  members.add(at("fe80::1%1"), now);
  members.add(at("fe80::2%1", 5001), now);
  EXPECT_EQ(members.source(at("fe80::3%1")).members, 2U);
  EXPECT_EQ(members.source(at("fe80::1%2")).members, 0U);
}

TEST(MemberTableTest, KeepalivesAndMessagesHaveTimesOfTheirOwn) {
  member_table members;
  const auto now = std::chrono::steady_clock::now();
  const member& added = members.add(at("192.0.2.7"), now);
  EXPECT_EQ(added.last_heard, now);
  EXPECT_EQ(added.last_said, now);
  EXPECT_TRUE(added.local_address.is_unspecified());
}

}  // namespace
}  // namespace udpchat
