// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/duration_text.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

using std::chrono::milliseconds;

struct duration_case {
  std::string_view text;
  std::optional<milliseconds> value;
};

class ParseDurationTest : public ::testing::TestWithParam<duration_case> {};

TEST_P(ParseDurationTest, ReadsAWholeNumberAndAUnit) {
  EXPECT_EQ(parse_duration(GetParam().text), GetParam().value) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDurationTest,
    ::testing::Values(duration_case{"0", milliseconds{0}}, duration_case{"250ms", milliseconds{250}},
                      duration_case{"30s", milliseconds{30'000}}, duration_case{"10m", milliseconds{600'000}},
                      duration_case{"2h", milliseconds{7'200'000}}, duration_case{"0s", milliseconds{0}},
                      duration_case{"8784h", milliseconds{8784LL * 3'600'000}},
                      duration_case{"8785h", std::nullopt}, duration_case{"10", std::nullopt},
                      duration_case{"", std::nullopt}, duration_case{"m", std::nullopt},
                      duration_case{"ms", std::nullopt}, duration_case{"-5s", std::nullopt},
                      duration_case{"-0s", std::nullopt}, duration_case{"-0ms", std::nullopt},
                      duration_case{"+5s", std::nullopt},
                      duration_case{"1.5s", std::nullopt}, duration_case{"5 s", std::nullopt},
                      duration_case{"5S", std::nullopt}, duration_case{"5d", std::nullopt},
                      duration_case{"99999999999999999999ms", std::nullopt}));

TEST(FormatDurationTest, WritesTheLargestExactUnit) {
  EXPECT_EQ(format_duration(milliseconds{0}), "0");
  EXPECT_EQ(format_duration(milliseconds{600'000}), "10m");
  EXPECT_EQ(format_duration(milliseconds{90'000}), "90s");
  EXPECT_EQ(format_duration(milliseconds{1500}), "1500ms");
  EXPECT_EQ(format_duration(milliseconds{7'200'000}), "2h");
}

TEST(FormatDurationTest, ReadsBackWhatItWrites) {
  for (const long long ms : {1LL, 999LL, 1000LL, 61'000LL, 3'600'000LL, 3'660'000LL}) {
    EXPECT_EQ(parse_duration(format_duration(milliseconds{ms})), milliseconds{ms}) << ms;
  }
}

}  // namespace
}  // namespace udpchat
