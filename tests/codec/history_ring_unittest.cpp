// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/history_ring.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace udpchat {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

std::vector<std::string> kept(const history_ring& ring) {
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < ring.size(); ++i) texts.push_back(ring.at(i).relayed);
  return texts;
}

TEST(HistoryRingTest, KeepsTheLastCapacityMessagesOldestFirst) {
  using texts = std::vector<std::string>;
  const struct {
    std::size_t capacity;
    int recorded;
    texts expected;
  } cases[] = {
      {3, 0, {}},
      {3, 1, {"m0"}},
      {3, 3, {"m0", "m1", "m2"}},
      {3, 4, {"m1", "m2", "m3"}},
      {3, 7, {"m4", "m5", "m6"}},
      {1, 5, {"m4"}},
      {0, 5, {}},
  };
  for (const auto& each : cases) {
    history_ring ring{each.capacity};
    for (int i = 0; i < each.recorded; ++i) ring.record("m" + std::to_string(i), system_clock::time_point{seconds{i}});
    EXPECT_EQ(kept(ring), each.expected) << each.capacity << " " << each.recorded;
    for (std::size_t i = 0; i < ring.size(); ++i) {
      EXPECT_EQ(ring.at(i).said_at, system_clock::time_point{seconds{std::stoi(ring.at(i).relayed.substr(1))}});
    }
  }
}

TEST(HistoryRingTest, ASlotKeepsItsBufferForAShorterMessage) {
  history_ring ring{2};
  ring.record(std::string(1000, 'a'), {});
  ring.record(std::string(1000, 'b'), {});
  const char* first = ring.at(0).relayed.data();
  ring.record("short", {});  // goes where the a's were
  EXPECT_EQ(kept(ring), (std::vector<std::string>{std::string(1000, 'b'), "short"}));
  EXPECT_EQ(ring.at(1).relayed.data(), first);
}

}  // namespace
}  // namespace udpchat
