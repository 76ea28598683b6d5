// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/queue_estimate.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace udpchat {
namespace {

using std::chrono::seconds;
using time_point = std::chrono::steady_clock::time_point;

std::vector<time_point> pickups_at(std::initializer_list<int> offsets) {
  std::vector<time_point> times;
  for (const int each : offsets) times.push_back(time_point{} + seconds{each});
  return times;
}

struct estimate_case {
  std::size_t place;
  std::vector<time_point> pickups;
  std::optional<seconds> expected;
};

class EstimatedWaitTest : public ::testing::TestWithParam<estimate_case> {};

TEST_P(EstimatedWaitTest, IsThePlaceTimesTheMeanIntervalBetweenPickups) {
  EXPECT_EQ(estimated_wait(GetParam().place, GetParam().pickups), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EstimatedWaitTest,
    ::testing::Values(estimate_case{1, {}, std::nullopt}, estimate_case{1, pickups_at({100}), std::nullopt},
                      estimate_case{1, pickups_at({0, 60}), seconds{60}},
                      estimate_case{3, pickups_at({0, 60}), seconds{180}},
                      estimate_case{2, pickups_at({0, 30, 90}), seconds{90}},
                      estimate_case{1, pickups_at({0, 0}), seconds{0}},
                      // Only the last ten count: the first interval of 1000 s is forgotten.
                      estimate_case{1, pickups_at({-1000, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90}), seconds{10}}));

struct describe_case {
  seconds wait;
  std::string_view text;
};

class DescribeWaitTest : public ::testing::TestWithParam<describe_case> {};

TEST_P(DescribeWaitTest, RoundsUpToMinutes) { EXPECT_EQ(describe_wait(GetParam().wait), GetParam().text); }

INSTANTIATE_TEST_SUITE_P(Table, DescribeWaitTest,
                         ::testing::Values(describe_case{seconds{0}, "under a minute"},
                                           describe_case{seconds{59}, "under a minute"},
                                           describe_case{seconds{60}, "about 1 minute"},
                                           describe_case{seconds{61}, "about 2 minutes"},
                                           describe_case{seconds{3600}, "about 60 minutes"},
                                           describe_case{seconds{3601}, "over an hour"}));

}  // namespace
}  // namespace udpchat
