// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/display_text.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

struct display_case {
  std::string_view datagram;
  std::string_view line;
};

class DisplayLineTest : public ::testing::TestWithParam<display_case> {};

TEST_P(DisplayLineTest, ShowsOneSafeLine) { EXPECT_EQ(display_line(GetParam().datagram), GetParam().line); }

INSTANTIATE_TEST_SUITE_P(
    Table, DisplayLineTest,
    ::testing::Values(
        display_case{"127.0.0.1:5____hi", "127.0.0.1:5: hi"},
        display_case{"[::1]:5____hi", "[::1]:5: hi"},
        display_case{"('127.0.0.1', 5)____hi", "127.0.0.1:5: hi"},
        display_case{"('::1', 5, 0, 0)____hi", "[::1]:5: hi"},
        display_case{"127.0.0.1:5____left____qq", "*** 127.0.0.1:5 left"},
        display_case{"('127.0.0.1', 5)____left____qq", "*** 127.0.0.1:5 left"},
        display_case{"127.0.0.1:5____timed out (silent for 10m)____qq",
                     "*** 127.0.0.1:5 left (timed out (silent for 10m))"},
        display_case{"('127.0.0.1', 5)____下线了😯____qq", "*** 127.0.0.1:5 left (下线了😯)"},
        display_case{"alice (127.0.0.1:5)____went home____qq", "*** alice (127.0.0.1:5) left (went home)"},
        display_case{"127.0.0.1:5____Left____qq", "*** 127.0.0.1:5 left (Left)"},
        display_case{"127.0.0.1:5____left \n____qq", "*** 127.0.0.1:5 left (left \\n)"},
        display_case{"127.0.0.1:5________qq", "*** 127.0.0.1:5 left"},
        display_case{"127.0.0.1:5____gone\x1b[2J____qq", "*** 127.0.0.1:5 left (gone\\x1b[2J)"},
        display_case{"hub____error: too long", "*** hub: error: too long"},
        display_case{"hub____closing____qq", "*** hub is closing"},
        display_case{"127.0.0.1:5____\x1b[2Jgone", "127.0.0.1:5: \\x1b[2Jgone"},
        display_case{"127.0.0.1:5____a\n10.0.0.9:1: fake", "127.0.0.1:5: a\\n10.0.0.9:1: fake"},
        display_case{"127.0.0.1:5____\xff\xfe", "127.0.0.1:5: \\xff\\xfe"},
        display_case{"\x1b]0;x\x07____hi", "\\x1b]0;x\\x07: hi"},
        display_case{"no separator\x1b", "*** unreadable datagram (no ____ separator after the sender): no separator\\x1b"},
        display_case{"____hi", "*** unreadable datagram (empty sender before the ____ separator): ____hi"}));

}  // namespace
}  // namespace udpchat
