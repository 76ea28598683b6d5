// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/utf8.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace udpchat {
namespace {

TEST(Utf8CutTail, KeepsTheStartOfASequenceCutAtTheEnd) {
  const struct {
    std::string_view text;
    std::size_t cut;
  } cases[]{
      {"", 0}, {"abc", 0}, {"a\xE4\xBD\xA0", 0}, {"a\xE4", 1}, {"a\xE4\xBD", 2},
      {"\xF0\x9F\x98", 3}, {"\xF0\x9F\x98\x80", 0}, {"\xC3", 1}, {"\xC3\xA9", 0},
      {"a\x80\x80\x80", 0},  // continuation bytes with no lead: nothing worth keeping
  };
  for (const auto& each : cases) EXPECT_EQ(utf8_cut_tail_length(each.text), each.cut) << testing::PrintToString(each.text);
}

}  // namespace
}  // namespace udpchat
