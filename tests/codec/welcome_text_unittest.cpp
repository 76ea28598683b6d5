// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/welcome_text.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

using std::chrono::milliseconds;
using std::chrono::minutes;

TEST(WelcomeTextTest, TheClauseStatesTheTimeoutOrNothingWhenThereIsNone) {
  EXPECT_EQ(idle_timeout_clause(minutes{10}), "idle timeout 10m; ");
  EXPECT_EQ(idle_timeout_clause(milliseconds{1500}), "idle timeout 1500ms; ");
  EXPECT_EQ(idle_timeout_clause(milliseconds::zero()), "");
}

TEST(WelcomeTextTest, ATerminalReadsBackWhatAServerWrote) {
  for (const milliseconds timeout : {milliseconds{250}, milliseconds{90'000}, milliseconds{minutes{30}}}) {
    const std::string welcome = "welcome, you are 127.0.0.1:5000; 2 members here; " +
                                idle_timeout_clause(timeout) + "send quit to leave";
    EXPECT_EQ(idle_timeout_in(welcome), timeout) << welcome;
  }
}

TEST(WelcomeTextTest, AWelcomeWithoutAReadableTimeoutHasNone) {
  EXPECT_EQ(idle_timeout_in("welcome, you are 127.0.0.1:5000; send quit to leave"), std::nullopt);
  EXPECT_EQ(idle_timeout_in("welcome; idle timeout soon; send quit to leave"), std::nullopt);
  EXPECT_EQ(idle_timeout_in("welcome; idle timeout; send quit to leave"), std::nullopt);
  EXPECT_EQ(idle_timeout_in("welcome; idle timeout10m; send quit to leave"), std::nullopt);
  EXPECT_EQ(idle_timeout_in("welcome; idle timeout 10m"), minutes{10});
}

TEST(WelcomeTextTest, TheRateLimitClauseStatesTheBudgetOrNothingWithoutALimit) {
  EXPECT_EQ(rate_limit_clause({20, 60}), "rate limit 20/s burst 60; ");
  EXPECT_EQ(rate_limit_clause({5, 0}), "rate limit 5/s burst 1; ");
  EXPECT_EQ(rate_limit_clause({0, 60}), "");
}

TEST(WelcomeTextTest, ATerminalReadsBackTheRateLimitAServerWrote) {
  for (const rate_limit limit : {rate_limit{20, 60}, rate_limit{1, 1}, rate_limit{4'000'000'000U, 7}}) {
    const std::string welcome = "welcome, you are 127.0.0.1:5000; 2 members here; idle timeout 10m; " +
                                rate_limit_clause(limit) + "send quit to leave";
    EXPECT_EQ(rate_limit_in(welcome), limit) << welcome;
  }
}

TEST(WelcomeTextTest, AWelcomeWithoutAReadableRateLimitHasNone) {
  EXPECT_EQ(rate_limit_in("welcome, you are 127.0.0.1:5000; idle timeout 10m; send quit to leave"), std::nullopt);
  EXPECT_EQ(rate_limit_in("welcome; rate limit 20/s; send quit"), std::nullopt);
  EXPECT_EQ(rate_limit_in("welcome; rate limit 0/s burst 60; send quit"), std::nullopt);
  EXPECT_EQ(rate_limit_in("welcome; rate limit 20/s burst 0; send quit"), std::nullopt);
  EXPECT_EQ(rate_limit_in("welcome; rate limit 99999999999/s burst 60; send quit"), std::nullopt);
  EXPECT_EQ(rate_limit_in("welcome; rate limit20/s burst 60; send quit"), std::nullopt);
  EXPECT_EQ(rate_limit_in("welcome; rate limit 20/s burst 60"), (rate_limit{20, 60}));
}

}  // namespace
}  // namespace udpchat
