// SPDX-License-Identifier: GPL-3.0-or-later
#include "connection_limits.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr steady_clock::time_point opened_at{std::chrono::hours{1}};

connection_limits timeouts(milliseconds idle, milliseconds line) {
  connection_limits limits;
  limits.idle_timeout = idle;
  limits.line_timeout = line;
  return limits;
}

TEST(OverdueTest, SilenceRunsOutAtTheIdleTimeoutSinceTheLastLine) {
  const auto limits = timeouts(milliseconds{300}, milliseconds{100});
  const line_progress quiet{opened_at, std::nullopt};
  EXPECT_EQ(overdue(limits, quiet, opened_at + milliseconds{299}), std::nullopt);
  EXPECT_EQ(overdue(limits, quiet, opened_at + milliseconds{300}), timeout_kind::silent);
}

TEST(OverdueTest, AnUnfinishedLineRunsOutAtTheLineTimeoutSinceItsFirstByte) {
  const auto limits = timeouts(milliseconds{300}, milliseconds{100});
  const line_progress halfway{opened_at, opened_at + milliseconds{50}};
  EXPECT_EQ(overdue(limits, halfway, opened_at + milliseconds{149}), std::nullopt);
  EXPECT_EQ(overdue(limits, halfway, opened_at + milliseconds{150}), timeout_kind::unfinished_line);
  // Past both: the unfinished line is the more specific complaint.
  EXPECT_EQ(overdue(limits, halfway, opened_at + milliseconds{1000}), timeout_kind::unfinished_line);
}

TEST(OverdueTest, ZeroTurnsATimeoutOff) {
  const line_progress halfway{opened_at, opened_at};
  const auto much_later = opened_at + std::chrono::hours{24 * 366};
  EXPECT_EQ(overdue(timeouts(milliseconds{0}, milliseconds{0}), halfway, much_later), std::nullopt);
  EXPECT_EQ(overdue(timeouts(milliseconds{300}, milliseconds{0}), halfway, much_later), timeout_kind::silent);
  EXPECT_EQ(overdue(timeouts(milliseconds{0}, milliseconds{300}), {opened_at, std::nullopt}, much_later), std::nullopt);
}

TEST(SweepPeriodTest, AQuarterOfTheShorterTimeoutWithinFiftyMillisecondsAndFiveSeconds) {
  EXPECT_EQ(sweep_period(timeouts(milliseconds{0}, milliseconds{0})), milliseconds{0});
  EXPECT_EQ(sweep_period(timeouts(milliseconds{300}, milliseconds{0})), milliseconds{75});
  EXPECT_EQ(sweep_period(timeouts(milliseconds{0}, milliseconds{2000})), milliseconds{500});
  EXPECT_EQ(sweep_period(timeouts(milliseconds{2000}, milliseconds{400})), milliseconds{100});
  EXPECT_EQ(sweep_period(timeouts(milliseconds{1}, milliseconds{0})), milliseconds{50});
  EXPECT_EQ(sweep_period(connection_limits{}), milliseconds{5000});  // 30m and 30s
}

TEST(LimitRepliesTest, SayWhichLimitAndHowMuch) {
  const connection_limits defaults;
  EXPECT_EQ(timeout_reply(timeout_kind::silent, defaults), "error: silent for 30m; closing");
  EXPECT_EQ(timeout_reply(timeout_kind::unfinished_line, defaults),
            "error: line not finished within 30s; closing");
  EXPECT_EQ(timeout_reason(timeout_kind::silent, timeouts(milliseconds{300}, milliseconds{0})),
            "timed out (silent for 300ms)");
  EXPECT_EQ(timeout_reason(timeout_kind::unfinished_line, defaults),
            "timed out (line not finished within 30s)");
  EXPECT_EQ(full_reason("room", defaults, "member"), "the room is full (1000 members)");
  EXPECT_EQ(full_reply("the desk is full (1 customer)"),
            "error: the desk is full (1 customer); try again later");
}

}  // namespace
}  // namespace udpchat
