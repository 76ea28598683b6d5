// SPDX-License-Identifier: GPL-3.0-or-later
#include "discovery_answer_limits.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace udpchat {
namespace {

using namespace std::chrono_literals;
using time_point = discovery_answer_limits::time_point;

const time_point start{};

discovery_nonce nonce(std::uint32_t n) {
  discovery_nonce made{};
  for (std::size_t i = 0; i < 4; ++i) made[7 - i] = static_cast<std::uint8_t>(n >> (8 * i));
  return made;
}

asio::ip::address host(std::uint32_t n) { return asio::ip::address_v4{0x0a000000u + n}; }

const asio::ip::address prober = asio::ip::make_address("192.168.1.20");

TEST(DiscoveryAnswerLimits, AnswersEachNonceOfASourceOnce) {
  discovery_answer_limits limits{start};
  EXPECT_EQ(limits.admit(prober, nonce(1), start), answer_verdict::answer);
  // The broadcast copy, the group copy, the second round 0.3 s later.
  EXPECT_EQ(limits.admit(prober, nonce(1), start), answer_verdict::duplicate);
  EXPECT_EQ(limits.admit(prober, nonce(1), start + 300ms), answer_verdict::duplicate);
  // Another source with the same nonce is another prober.
  EXPECT_EQ(limits.admit(host(1), nonce(1), start + 300ms), answer_verdict::answer);
  EXPECT_EQ(limits.admit(prober, nonce(2), start + 300ms), answer_verdict::answer);
}

TEST(DiscoveryAnswerLimits, DuplicatesTakeNoToken) {
  discovery_answer_limits limits{start};
  ASSERT_EQ(limits.admit(prober, nonce(1), start), answer_verdict::answer);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(limits.admit(prober, nonce(1), start), answer_verdict::duplicate);
  // Three of the source's four tokens are left.
  for (std::uint32_t n = 2; n <= 4; ++n) EXPECT_EQ(limits.admit(prober, nonce(n), start), answer_verdict::answer) << n;
  EXPECT_EQ(limits.admit(prober, nonce(5), start), answer_verdict::source_rate);
}

TEST(DiscoveryAnswerLimits, ASourceGetsFourAtOnceThenOneASecond) {
  discovery_answer_limits limits{start};
  for (std::uint32_t n = 0; n < 4; ++n) ASSERT_EQ(limits.admit(prober, nonce(n), start), answer_verdict::answer) << n;
  EXPECT_EQ(limits.admit(prober, nonce(10), start), answer_verdict::source_rate);
  EXPECT_EQ(limits.admit(prober, nonce(11), start + 999ms), answer_verdict::source_rate);
  EXPECT_EQ(limits.admit(prober, nonce(12), start + 1000ms), answer_verdict::answer);
  EXPECT_EQ(limits.admit(prober, nonce(13), start + 1500ms), answer_verdict::source_rate);
  EXPECT_EQ(limits.admit(prober, nonce(14), start + 2000ms), answer_verdict::answer);
  // A refused probe's nonce was not answered, so a copy of it may be answered later.
  EXPECT_EQ(limits.admit(prober, nonce(13), start + 3000ms), answer_verdict::answer);
}

TEST(DiscoveryAnswerLimits, ASourceBucketRefillsToFourOnly) {
  discovery_answer_limits limits{start};
  ASSERT_EQ(limits.admit(prober, nonce(0), start), answer_verdict::answer);
  const time_point later = start + 1h;
  for (std::uint32_t n = 1; n <= 4; ++n) ASSERT_EQ(limits.admit(prober, nonce(n), later), answer_verdict::answer) << n;
  EXPECT_EQ(limits.admit(prober, nonce(5), later), answer_verdict::source_rate);
}

TEST(DiscoveryAnswerLimits, AllSourcesTogetherGet64AtOnceThen32ASecond) {
  discovery_answer_limits limits{start};
  std::uint32_t next = 0;
  for (int i = 0; i < 64; ++i, ++next) ASSERT_EQ(limits.admit(host(next), nonce(next), start), answer_verdict::answer) << i;
  EXPECT_EQ(limits.admit(host(next), nonce(next), start), answer_verdict::overall_rate);
  // Over the next ten seconds, from sources never heard, 32 answers a second.
  int answered = 0;
  for (int ms = 1; ms <= 10000; ++ms) {
    for (int copy = 0; copy < 3; ++copy, ++next) {
      if (limits.admit(host(next), nonce(next), start + std::chrono::milliseconds{ms}) == answer_verdict::answer) ++answered;
    }
  }
  EXPECT_EQ(answered, 320);
}

TEST(DiscoveryAnswerLimits, ASourceRefusedOverallKeepsItsTokens) {
  discovery_answer_limits limits{start};
  ASSERT_EQ(limits.admit(prober, nonce(0), start), answer_verdict::answer);
  for (std::uint32_t n = 1; n < 64; ++n) ASSERT_EQ(limits.admit(host(n), nonce(n), start), answer_verdict::answer) << n;
  for (std::uint32_t n = 100; n < 110; ++n) EXPECT_EQ(limits.admit(prober, nonce(n), start), answer_verdict::overall_rate);
  // 1/32 s later the overall bucket has one token; the source still has three.
  EXPECT_EQ(limits.admit(prober, nonce(200), start + 31250us), answer_verdict::answer);
}

TEST(DiscoveryAnswerLimits, IPv4MappedSourceIsTheIPv4Source) {
  discovery_answer_limits limits{start};
  ASSERT_EQ(limits.admit(asio::ip::make_address("192.168.1.20"), nonce(1), start), answer_verdict::answer);
  EXPECT_EQ(limits.admit(asio::ip::make_address("::ffff:192.168.1.20"), nonce(1), start), answer_verdict::duplicate);
  EXPECT_EQ(limits.sources(), 1u);
}

TEST(DiscoveryAnswerLimits, LinkLocalSourcesOnTwoInterfacesAreTwoSources) {
  discovery_answer_limits limits{start};
  ASSERT_EQ(limits.admit(asio::ip::make_address("fe80::1%1"), nonce(1), start), answer_verdict::answer);
  EXPECT_EQ(limits.admit(asio::ip::make_address("fe80::1%2"), nonce(1), start), answer_verdict::answer);
  EXPECT_EQ(limits.admit(asio::ip::make_address("fe80::1%1"), nonce(1), start), answer_verdict::duplicate);
}

TEST(DiscoveryAnswerLimits, ANonceIsRememberedForEightAnswersOfItsSource) {
  discovery_answer_limits limits{start};
  time_point now = start;
  ASSERT_EQ(limits.admit(prober, nonce(0), now), answer_verdict::answer);
  for (std::uint32_t n = 1; n < answer_nonces_per_source; ++n) {
    now += 1s;
    ASSERT_EQ(limits.admit(prober, nonce(n), now), answer_verdict::answer) << n;
  }
  EXPECT_EQ(limits.admit(prober, nonce(0), now), answer_verdict::duplicate);
  now += 1s;
  ASSERT_EQ(limits.admit(prober, nonce(100), now), answer_verdict::answer);
  now += 1s;
  EXPECT_EQ(limits.admit(prober, nonce(0), now), answer_verdict::answer);
}

TEST(DiscoveryAnswerLimits, AFullTableForgetsTheSourceAnsweredLongestAgo) {
  discovery_answer_limits limits{start, 3};
  ASSERT_EQ(limits.admit(host(1), nonce(1), start), answer_verdict::answer);
  ASSERT_EQ(limits.admit(host(2), nonce(2), start), answer_verdict::answer);
  ASSERT_EQ(limits.admit(host(3), nonce(3), start), answer_verdict::answer);
  ASSERT_EQ(limits.admit(host(1), nonce(11), start), answer_verdict::answer);
  // Host 2 was answered longest ago: the new source takes its place.
  EXPECT_EQ(limits.admit(host(4), nonce(4), start), answer_verdict::answer);
  EXPECT_EQ(limits.sources(), 3u);
  EXPECT_EQ(limits.admit(host(1), nonce(1), start), answer_verdict::duplicate);
  EXPECT_EQ(limits.admit(host(3), nonce(3), start), answer_verdict::duplicate);
  EXPECT_EQ(limits.admit(host(4), nonce(4), start), answer_verdict::duplicate);
  // Host 2 is new again (and takes host 3's place, answered longest ago now).
  EXPECT_EQ(limits.admit(host(2), nonce(2), start), answer_verdict::answer);
  EXPECT_EQ(limits.admit(host(3), nonce(3), start), answer_verdict::answer);
  EXPECT_EQ(limits.sources(), 3u);
}

TEST(DiscoveryAnswerLimits, TheTableStaysWithinItsSizeUnderAFloodOfSources) {
  discovery_answer_limits limits{start};
  time_point now = start;
  for (std::uint32_t n = 0; n < 3 * answer_source_table_size; ++n) {
    now += 40ms;  // slower than the overall rate, so each is answered
    ASSERT_EQ(limits.admit(host(n), nonce(n), now), answer_verdict::answer) << n;
  }
  EXPECT_EQ(limits.sources(), answer_source_table_size);
}

TEST(DiscoveryAnswerLimits, RefusedSourcesTakeNoPlaceInTheTable) {
  discovery_answer_limits limits{start};
  for (std::uint32_t n = 0; n < 1000; ++n) limits.admit(host(n), nonce(n), start);
  EXPECT_EQ(limits.sources(), 64u);
}

TEST(DiscoveryAnswerLimits, TimeGoingBackwardsRefillsNothing) {
  discovery_answer_limits limits{start + 10s};
  for (std::uint32_t n = 0; n < 4; ++n) ASSERT_EQ(limits.admit(prober, nonce(n), start + 10s), answer_verdict::answer);
  EXPECT_EQ(limits.admit(prober, nonce(9), start), answer_verdict::source_rate);
  EXPECT_EQ(limits.admit(prober, nonce(9), start + 10s), answer_verdict::source_rate);
  EXPECT_EQ(limits.admit(prober, nonce(9), start + 11s), answer_verdict::answer);
}

TEST(DiscoveryAnswerLimits, VerdictsHaveTexts) {
  EXPECT_EQ(std::string{verdict_text(answer_verdict::answer)}, "answer");
  EXPECT_EQ(std::string{verdict_text(answer_verdict::duplicate)}, "duplicate");
  EXPECT_EQ(std::string{verdict_text(answer_verdict::source_rate)}, "source rate");
  EXPECT_EQ(std::string{verdict_text(answer_verdict::overall_rate)}, "overall rate");
}

}  // namespace
}  // namespace udpchat
