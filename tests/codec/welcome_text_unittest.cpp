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

}  // namespace
}  // namespace udpchat
