// SPDX-License-Identifier: GPL-3.0-or-later
#include "listening_clock.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

using std::chrono::milliseconds;
using time_point = listening_clock::time_point;

// A steady time `ms` milliseconds into a run.
time_point at(int ms) { return time_point{} + std::chrono::hours{1} + milliseconds{ms}; }

TEST(ListeningClockTest, WhileReceivingHeardThroughIsNow) {
  const listening_clock clock;
  EXPECT_FALSE(clock.deaf());
  EXPECT_EQ(clock.heard_through(at(0)), at(0));
  EXPECT_EQ(clock.heard_through(at(5000)), at(5000));
}

TEST(ListeningClockTest, WhileDeafStandsWhereTheQueueWasLastEmptied) {
  listening_clock clock;
  clock.stop(at(1000), at(990));
  EXPECT_TRUE(clock.deaf());
  EXPECT_EQ(clock.heard_through(at(1000)), at(990));
  EXPECT_EQ(clock.heard_through(at(9000)), at(990));
  clock.resume(at(9000));
  EXPECT_FALSE(clock.deaf());
  EXPECT_EQ(clock.heard_through(at(9001)), at(9001));
}

TEST(ListeningClockTest, WithoutAnEmptiedQueueNobodyIsJudgedWhileDeaf) {
  listening_clock clock;
  clock.stop(at(1000), std::nullopt);
  // Earlier than anybody was heard from: every member's silence so far is negative.
  EXPECT_LT(clock.heard_through(at(60000)), at(0));
}

TEST(ListeningClockTest, WithoutAnEmptiedQueueStaysWhereItLastStood) {
  listening_clock clock;
  clock.stop(at(1000), at(800));
  clock.resume(at(2000));
  // Deaf again mid-batch: what it read since 2000 may not be all that arrived.
  clock.stop(at(2100), std::nullopt);
  EXPECT_EQ(clock.heard_through(at(5000)), at(800));
}

TEST(ListeningClockTest, StoppingAgainKeepsTheFirstStopAndTheLatestEmptying) {
  listening_clock clock;
  clock.stop(at(1000), at(900));
  clock.stop(at(1500), std::nullopt);
  clock.stop(at(1700), at(950));
  clock.stop(at(1800), at(920));
  EXPECT_EQ(clock.heard_through(at(2000)), at(950));
  EXPECT_EQ(clock.take_deaf_time(at(2000)), milliseconds{1000});
}

TEST(ListeningClockTest, NeverStandsAfterNow) {
  listening_clock clock;
  clock.stop(at(1000), at(1200));  // an emptying later than the stop is taken as the stop
  EXPECT_EQ(clock.heard_through(at(1000)), at(1000));
  EXPECT_EQ(clock.heard_through(at(1100)), at(1000));
}

TEST(ListeningClockTest, DeafTimeIsCountedBetweenCallsAcrossAStopStillOn) {
  listening_clock clock;
  EXPECT_EQ(clock.take_deaf_time(at(500)), milliseconds{0});
  clock.stop(at(1000), at(1000));
  clock.resume(at(1300));
  clock.stop(at(1500), at(1400));
  // 300 ms over, and 500 ms of a deafness still on.
  EXPECT_EQ(clock.take_deaf_time(at(2000)), milliseconds{800});
  EXPECT_EQ(clock.take_deaf_time(at(2250)), milliseconds{250});
  clock.resume(at(2400));
  EXPECT_EQ(clock.take_deaf_time(at(3000)), milliseconds{150});
  EXPECT_EQ(clock.take_deaf_time(at(4000)), milliseconds{0});
}

TEST(ListeningClockTest, ResumingWithoutAStopChangesNothing) {
  listening_clock clock;
  clock.resume(at(1000));
  EXPECT_FALSE(clock.deaf());
  EXPECT_EQ(clock.take_deaf_time(at(2000)), milliseconds{0});
}

}  // namespace
}  // namespace udpchat
