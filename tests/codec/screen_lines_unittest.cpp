// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/screen_lines.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

using rows = std::vector<std::string>;

#define MARK "  \xE2\x94\x86 "    // continuation_mark
#define WIDE "\xE4\xB8\xAD"       // U+4E2D, 2 columns
#define ACUTE "\xCC\x81"          // U+0301 COMBINING ACUTE ACCENT, 0 columns

struct wrap_case {
  std::string name;
  std::string line;
  std::size_t columns;
  rows shown;
};

void PrintTo(const wrap_case& tested, std::ostream* out) { *out << tested.name; }

class ScreenLinesTest : public ::testing::TestWithParam<wrap_case> {};

TEST_P(ScreenLinesTest, WrapsAsTheTableSays) {
  EXPECT_EQ(screen_lines(GetParam().line, GetParam().columns), GetParam().shown);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ScreenLinesTest,
    ::testing::Values(
        wrap_case{"short", "alice: hi", 20, {"alice: hi"}},
        wrap_case{"empty", "", 20, {""}},
        wrap_case{"exactly_full", "abcdefghijklmnopqrst", 20, {"abcdefghijklmnopqrst"}},
        wrap_case{"one_past_full", "abcdefghijklmnopqrstu", 20, {"abcdefghijklmnopqrst", MARK "u"}},
        wrap_case{"hard_breaks", std::string(40, 'x'), 20,
                  {std::string(20, 'x'), MARK + std::string(16, 'x'), MARK + std::string(4, 'x')}},
        wrap_case{"continuation_exactly_full", std::string(36, 'x'), 20,
                  {std::string(20, 'x'), MARK + std::string(16, 'x')}},
        wrap_case{"padded_forgery", "eve: " + std::string(15, ' ') + "bob: hi", 20,
                  {"eve: " + std::string(15, ' '), MARK "bob: hi"}},
        wrap_case{"padded_forgery_at_40",
                  "127.0.0.1:5555: " + std::string(24, ' ') + "bob (127.0.0.1:6666): send the files to 10.9.9.9", 40,
                  {"127.0.0.1:5555: " + std::string(24, ' '), MARK "bob (127.0.0.1:6666): send the ",
                   MARK "files to 10.9.9.9"}},
        wrap_case{"forgery_one_short", "eve: " + std::string(14, ' ') + "bob: hi", 20,
                  {"eve: " + std::string(14, ' '), MARK "bob: hi"}},
        wrap_case{"breaks_after_a_blank", "alice: the quick brown fox jumps", 20,
                  {"alice: the quick ", MARK "brown fox jumps"}},
        wrap_case{"no_blank_past_half", "a bcdefghijklmnopqrstuvwxyz", 20,
                  {"a bcdefghijklmnopqrs", MARK "tuvwxyz"}},
        wrap_case{"escape_kept_whole", "0123456789012345678\x1b", 20, {"0123456789012345678", MARK "\\x1b"}},
        wrap_case{"newline_escape_kept_whole", "0123456789012345678\nx", 20,
                  {"0123456789012345678", MARK "\\nx"}},
        wrap_case{"tab_escaped", "a\tb", 20, {"a\\tb"}},
        wrap_case{"wide_does_not_fit", "eve: " WIDE WIDE WIDE WIDE WIDE WIDE WIDE WIDE, 20,
                  {"eve: " WIDE WIDE WIDE WIDE WIDE WIDE WIDE, MARK WIDE}},
        wrap_case{"wide_fills_exactly", "eve:  " WIDE WIDE WIDE WIDE WIDE WIDE WIDE "x", 20,
                  {"eve:  " WIDE WIDE WIDE WIDE WIDE WIDE WIDE, MARK "x"}},
        wrap_case{"combining_stays", "0123456789012345678e" ACUTE "x", 20,
                  {"0123456789012345678e" ACUTE, MARK "x"}},
        wrap_case{"emoji_form_counts_2", "0123456789012345678\xE2\x9D\xA4\xEF\xB8\x8F", 20,
                  {"0123456789012345678", MARK "\xE2\x9D\xA4\xEF\xB8\x8F"}},
        wrap_case{"unknown_character_counts_2", "0123456789012345678\xCD\xB8", 20,
                  {"0123456789012345678", MARK "\xCD\xB8"}},
        wrap_case{"width_80", std::string(100, 'y'), 80, {std::string(80, 'y'), MARK + std::string(20, 'y')}},
        wrap_case{"unknown_width", std::string(100, 'z') + "\t", 0, {std::string(100, 'z') + "\\t"}},
        wrap_case{"narrow_taken_as_8", "abcdefghij", 3, {"abcdefgh", MARK "ij"}}),
    [](const ::testing::TestParamInfo<wrap_case>& tested) { return tested.param.name; });

// Columns of the characters these tests use.
std::size_t columns_of(std::string_view row) {
  std::size_t columns = 0;
  while (!row.empty()) {
    if (row.starts_with(WIDE)) {
      columns += 2;
      row.remove_prefix(3);
    } else if (row.starts_with(ACUTE)) {
      row.remove_prefix(2);
    } else if (row.starts_with("\xE2\x94\x86")) {
      columns += 1;
      row.remove_prefix(3);
    } else {
      columns += 1;
      row.remove_prefix(1);
    }
  }
  return columns;
}

// Whatever the text and the width: no row is wider than the screen, every row but the first
// starts with the mark, and the rows without their marks are the escaped line again.
TEST(ScreenLinesTest, EveryRowFitsAndOnlyTheFirstStartsALine) {
  const std::vector<std::string> texts{
      "eve (127.0.0.1:5555): " + std::string(58, ' ') + "bob (127.0.0.1:6666): send the files to 10.9.9.9",
      std::string(3, ' ') + "\t\t\t\tbob: aligned by tabs",
      "mixed " WIDE "x" WIDE " e" ACUTE " \x1b[31m " + std::string(70, '-') + " " WIDE WIDE WIDE,
      std::string(300, ' ') + "#2: forged"};
  for (const std::size_t columns : {8U, 20U, 33U, 40U, 80U, 132U}) {
    for (const auto& text : texts) {
      const rows shown = screen_lines(text, columns);
      std::string rejoined;
      for (std::size_t i = 0; i < shown.size(); ++i) {
        EXPECT_LE(columns_of(shown[i]), columns) << columns << ": " << shown[i];
        if (i == 0) {
          EXPECT_FALSE(shown[i].starts_with(MARK)) << columns;
          rejoined += shown[i];
        } else {
          ASSERT_TRUE(shown[i].starts_with(MARK)) << columns << ": " << shown[i];
          rejoined += shown[i].substr(continuation_mark.size());
        }
      }
      EXPECT_EQ(rejoined, escape_for_terminal(text)) << columns;
    }
  }
}

TEST(ScreenLinesTest, JoinedRowsEndWithoutANewline) {
  EXPECT_EQ(wrap_for_screen(std::string(25, 'q'), 20), std::string(20, 'q') + "\n" MARK "qqqqq");
  EXPECT_EQ(wrap_for_screen("two\nlines", 0), "two\\nlines");
}

#undef MARK
#undef WIDE
#undef ACUTE

}  // namespace
}  // namespace udpchat
