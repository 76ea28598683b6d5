// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_message.hpp"

#include <gtest/gtest.h>

#include "latency_histogram.hpp"

namespace udpchat::bench {
namespace {

TEST(BenchMessageTest, FormatsToTheRequestedSizeAndReadsBackBehindAnyLabel) {
  std::string text;
  format_bench_message({7, 123456, 987654321}, 64, text);
  EXPECT_EQ(text.size(), 64U);
  EXPECT_TRUE(text.starts_with("B 7 123456 987654321 x"));
  for (const std::string& relayed : {"127.0.0.1:5000____" + text, "<user3> " + text, text}) {
    const auto found = find_bench_message(relayed);
    ASSERT_TRUE(found) << relayed;
    EXPECT_EQ(found->member, 7U);
    EXPECT_EQ(found->sequence, 123456U);
    EXPECT_EQ(found->sent_ns, 987654321U);
  }
}

TEST(BenchMessageTest, ShortSizeKeepsEveryField) {
  std::string text;
  format_bench_message({1, 2, 3}, 4, text);
  EXPECT_EQ(text, "B 1 2 3");
  EXPECT_TRUE(find_bench_message(text));
}

class NotABenchMessageTest : public ::testing::TestWithParam<std::string_view> {};

TEST_P(NotABenchMessageTest, IsIgnored) { EXPECT_FALSE(find_bench_message(GetParam())); }

INSTANTIATE_TEST_SUITE_P(Table, NotABenchMessageTest,
                         ::testing::Values("", "hello", "1.2.3.4:5____hello", "1.2.3.4:5____B ",
                                           "B x 1 2", "B 1 2", "B 1 2 3y", "B -1 2 3",
                                           "B 1 2 99999999999999999999999",
                                           "1.2.3.4:5____left____qq"));

TEST(LatencyHistogramTest, PercentilesAndMaximum) {
  latency_histogram histogram;
  EXPECT_EQ(histogram.percentile_us(0.5), 0U);
  for (std::uint64_t us = 1; us <= 100; ++us) histogram.add(us * 1000);
  EXPECT_EQ(histogram.count(), 100U);
  EXPECT_EQ(histogram.percentile_us(0.50), 50U);
  EXPECT_EQ(histogram.percentile_us(0.99), 99U);
  EXPECT_EQ(histogram.max_us(), 100U);
  histogram.add(5'000'000'000);  // five seconds: counted in the last bucket, max exact
  EXPECT_EQ(histogram.max_us(), 5'000'000U);
  EXPECT_EQ(histogram.percentile_us(1.0), 999'999U);
  histogram.clear();
  EXPECT_EQ(histogram.count(), 0U);
}

}  // namespace
}  // namespace udpchat::bench
