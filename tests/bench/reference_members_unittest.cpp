// SPDX-License-Identifier: GPL-3.0-or-later
// The reference hub's member table against a std::map doing the same, through joins and
// departures in a shuffled order, enough to make the index grow and entries shift back.
#include "reference_members.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <string>

namespace udpchat::bench {
namespace {

struct address {
  sockaddr_in6 bytes{};
  socklen_t size = 0;
  const sockaddr* data() const { return reinterpret_cast<const sockaddr*>(&bytes); }
};

// Member n: IPv4 127.0.0.1 with ports from 20000 for even n, IPv6 ::1 for odd n, so both
// families share the table, and the same port appears in each.
address address_of(int n) {
  address made;
  const auto port = htons(static_cast<std::uint16_t>(20000 + n / 2));
  if (n % 2 == 0) {
    sockaddr_in v4{};
    v4.sin_family = AF_INET;
    v4.sin_port = port;
    v4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::memcpy(&made.bytes, &v4, sizeof v4);
    made.size = sizeof v4;
  } else {
    made.bytes.sin6_family = AF_INET6;
    made.bytes.sin6_port = port;
    made.bytes.sin6_addr = in6addr_loopback;
    made.size = sizeof(sockaddr_in6);
  }
  return made;
}

std::string prefix_of(int n) { return "member " + std::to_string(n) + "____"; }

void expect_same(const reference_members& table, const std::map<int, bool>& joined, int members_ever) {
  std::size_t count = 0;
  for (int n = 0; n < members_ever; ++n) {
    const address each = address_of(n);
    const std::size_t position = table.find(each.data(), each.size);
    if (joined.contains(n)) {
      ++count;
      ASSERT_NE(position, reference_members::none) << n;
      EXPECT_EQ(table[position].prefix_text(), prefix_of(n));
      EXPECT_EQ(std::memcmp(&table[position].address, &each.bytes, each.size), 0) << n;
    } else {
      EXPECT_EQ(position, reference_members::none) << n;
    }
  }
  EXPECT_EQ(table.size(), count);
}

TEST(ReferenceMembersTest, FindsEveryMemberThroughJoinsAndDepartures) {
  constexpr int members_ever = 3000;  // grows the index from 1024 slots to 8192
  reference_members table;
  std::map<int, bool> joined;
  std::mt19937 shuffle{16};
  std::vector<int> order(members_ever);
  for (int n = 0; n < members_ever; ++n) order[static_cast<std::size_t>(n)] = n;
  std::shuffle(order.begin(), order.end(), shuffle);
  for (const int n : order) {
    const address each = address_of(n);
    ASSERT_EQ(table.find(each.data(), each.size), reference_members::none);
    const std::size_t position = table.add(each.data(), each.size, prefix_of(n));
    EXPECT_EQ(position, table.size() - 1);
    joined[n] = true;
  }
  expect_same(table, joined, members_ever);

  // Two thirds leave in another order, then a few come back.
  std::shuffle(order.begin(), order.end(), shuffle);
  for (std::size_t i = 0; i < order.size() * 2 / 3; ++i) {
    const address each = address_of(order[i]);
    table.remove(table.find(each.data(), each.size));
    joined.erase(order[i]);
  }
  expect_same(table, joined, members_ever);
  for (std::size_t i = 0; i < 100; ++i) {
    const address each = address_of(order[i]);
    table.add(each.data(), each.size, prefix_of(order[i]));
    joined[order[i]] = true;
  }
  expect_same(table, joined, members_ever);

  // Everyone leaves.
  while (table.size() > 0) table.remove(table.size() / 2);
  joined.clear();
  expect_same(table, joined, members_ever);
}

TEST(ReferenceMembersTest, CutsAPrefixTooLongForItsRoom) {
  reference_members table;
  const address one = address_of(0);
  const std::string long_prefix(200, 'x');
  const std::size_t position = table.add(one.data(), one.size, long_prefix);
  EXPECT_EQ(table[position].prefix_text(), long_prefix.substr(0, sizeof(reference_member::prefix)));
}

}  // namespace
}  // namespace udpchat::bench
