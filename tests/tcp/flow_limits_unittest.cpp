// SPDX-License-Identifier: GPL-3.0-or-later
// The room's and the desk's flow-control decisions, as functions of time and bytes.
#include "flow_limits.hpp"

#include <gtest/gtest.h>

#include "flow_gate.hpp"

namespace udpchat {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const flow_clock::time_point origin = flow_clock::time_point{} + std::chrono::hours{1};

TEST(PaceLineTest, ABurstWithinTheBudgetIsTakenAtOnce) {
  const send_rate_limit budget{20, 60};
  pacing_state state;
  for (int line = 0; line < 60; ++line) {
    EXPECT_EQ(pace_line(budget, state, origin).verdict, pacing_verdict::take) << line;
  }
  EXPECT_FALSE(state.over_budget_since);
}

TEST(PaceLineTest, TheLineAfterTheBurstWaitsForTheBucketAndBeginsAnEpisode) {
  const send_rate_limit budget{20, 60};
  pacing_state state;
  for (int line = 0; line < 60; ++line) pace_line(budget, state, origin);
  const pacing_step held = pace_line(budget, state, origin);
  EXPECT_EQ(held.verdict, pacing_verdict::hold);
  EXPECT_TRUE(held.episode_began);
  EXPECT_EQ(held.resume_at, origin + milliseconds{50});  // one line's worth at 20 a second
  // Held again within the same episode: not told again.
  const pacing_step again = pace_line(budget, state, origin + milliseconds{10});
  EXPECT_EQ(again.verdict, pacing_verdict::hold);
  EXPECT_FALSE(again.episode_began);
  EXPECT_EQ(pace_line(budget, state, origin + milliseconds{50}).verdict, pacing_verdict::take);
}

TEST(PaceLineTest, AnEpisodeEndsOnlyWhenTheBucketIsFullAgain) {
  const send_rate_limit budget{20, 60};
  pacing_state state;
  for (int line = 0; line < 60; ++line) pace_line(budget, state, origin);
  ASSERT_TRUE(pace_line(budget, state, origin).episode_began);
  // One line 50 ms later is within the rate but the bucket is not full: the episode goes on.
  EXPECT_EQ(pace_line(budget, state, origin + milliseconds{50}).verdict, pacing_verdict::take);
  EXPECT_TRUE(state.over_budget_since);
  // Three seconds of quiet fill the bucket: the next hold is a new episode.
  const auto later = origin + seconds{4};
  for (int line = 0; line < 60; ++line) EXPECT_EQ(pace_line(budget, state, later).verdict, pacing_verdict::take);
  EXPECT_FALSE(state.over_budget_since);
  EXPECT_TRUE(pace_line(budget, state, later).episode_began);
}

TEST(PaceLineTest, HeldForTheFloodTimeoutOnEndIsAFlood) {
  const send_rate_limit budget{20, 60};
  pacing_state state;
  auto now = origin;
  for (int line = 0; line < 60; ++line) pace_line(budget, state, now);
  // A peer that always has a line waiting is taken 20 a second and held in between.
  while (now - origin < flood_timeout) {
    const pacing_step step = pace_line(budget, state, now);
    ASSERT_NE(step.verdict, pacing_verdict::flooded) << (now - origin).count();
    now = step.verdict == pacing_verdict::hold ? step.resume_at : now;
  }
  pace_line(budget, state, now);  // the line taken at the flood timeout itself
  EXPECT_EQ(pace_line(budget, state, now).verdict, pacing_verdict::flooded);
}

TEST(PaceLineTest, NoLimitTakesEverything) {
  const send_rate_limit budget{0, 0};
  pacing_state state;
  for (int line = 0; line < 100000; ++line) ASSERT_EQ(pace_line(budget, state, origin).verdict, pacing_verdict::take);
}

TEST(HighWaterMarkTest, AQuarterOfTheQueueLimitAtMost64KiB) {
  EXPECT_EQ(high_water_mark({20, 60, 1024 * 1024}), 64U * 1024);
  EXPECT_EQ(high_water_mark({20, 60, 65536}), 16U * 1024);
}

reader_state reader_with(std::size_t queued, flow_clock::time_point last_progress) {
  reader_state reader;
  reader.queued_bytes = queued;
  reader.last_progress = last_progress;
  return reader;
}

TEST(JudgeReaderTest, AReaderWithNothingQueuedKeepsUpHoweverLongAgoItLastTookBytes) {
  const flow_limits limits;
  EXPECT_EQ(judge_reader(reader_with(0, origin), limits, origin + std::chrono::hours{1}).verdict,
            reader_verdict::keeps_up);
}

TEST(JudgeReaderTest, AReaderAboveTheMarkAndTakingHoldsSendersBack) {
  const flow_limits limits;
  reader_state reader = reader_with(100 * 1024, origin);
  note_queue(reader, limits, origin);
  EXPECT_EQ(judge_reader(reader, limits, origin + milliseconds{500}).verdict, reader_verdict::behind);
  reader.queued_bytes = 1000;
  note_queue(reader, limits, origin + milliseconds{600});
  EXPECT_FALSE(reader.over_mark_since);
  EXPECT_EQ(judge_reader(reader, limits, origin + milliseconds{600}).verdict, reader_verdict::keeps_up);
}

TEST(JudgeReaderTest, AReaderThatTakesNothingHoldsSendersUntilItIsDropped) {
  const flow_limits limits;
  reader_state reader = reader_with(100 * 1024, origin);
  note_queue(reader, limits, origin);
  EXPECT_EQ(judge_reader(reader, limits, origin + stall_timeout - milliseconds{1}).verdict, reader_verdict::behind);
  const reader_judgement dropped = judge_reader(reader, limits, origin + stall_timeout);
  EXPECT_EQ(dropped.verdict, reader_verdict::drop);
  EXPECT_EQ(dropped.reason, "not reading, nothing taken for 5s");
}

TEST(JudgeReaderTest, ASlowReaderThatNeverGetsBelowTheMarkIsDropped) {
  const flow_limits limits;
  reader_state reader = reader_with(100 * 1024, origin);
  note_queue(reader, limits, origin);
  // It takes a byte now and then: never still for long, always behind.
  for (auto now = origin; now < origin + over_mark_timeout; now += milliseconds{250}) {
    reader.last_progress = now;
    reader.queued_bytes -= 1;
    note_queue(reader, limits, now);
    ASSERT_EQ(judge_reader(reader, limits, now).verdict, reader_verdict::behind);
  }
  const reader_judgement dropped = judge_reader(reader, limits, origin + over_mark_timeout);
  EXPECT_EQ(dropped.verdict, reader_verdict::drop);
  EXPECT_EQ(dropped.reason, "not reading fast enough, over 65536 bytes behind for 10s");
}

TEST(JudgeReaderTest, MoreThanTheQueueLimitUntakenIsDroppedAtOnce) {
  const flow_limits limits{20, 60, 65536};
  const reader_judgement dropped = judge_reader(reader_with(65537, origin), limits, origin);
  EXPECT_EQ(dropped.verdict, reader_verdict::drop);
  EXPECT_EQ(dropped.reason, "not reading, 65537 bytes queued");
  EXPECT_NE(judge_reader(reader_with(65536, origin), limits, origin).verdict, reader_verdict::drop);
}

TEST(FlowGateTest, PeersWaitWhileAnyHoldIsOnAndResumeInOrder) {
  flow_gate gate;
  std::vector<int> resumed;
  gate.when_open([&] { resumed.push_back(0); });
  EXPECT_EQ(resumed, std::vector<int>{0});
  gate.hold();
  gate.hold();
  gate.when_open([&] { resumed.push_back(1); });
  gate.when_open([&] { resumed.push_back(2); });
  gate.release();
  EXPECT_EQ(resumed, std::vector<int>{0});
  gate.release();
  EXPECT_EQ(resumed, (std::vector<int>{0, 1, 2}));
  EXPECT_TRUE(gate.open());
}

TEST(FlowTextTest, ThePeerIsToldItsBudgetAndTheBound) {
  EXPECT_EQ(slow_down_notice({20, 60, 1 << 20}),
            "error: slow down: lines beyond 20 a second (bursts of 60) wait, unread; held back for 60s "
            "on end, you will be disconnected");
  EXPECT_EQ(flood_reply(), "error: flooding (over the rate limit for 60s); closing");
}

}  // namespace
}  // namespace udpchat
