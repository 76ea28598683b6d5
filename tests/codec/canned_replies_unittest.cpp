// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/canned_replies.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

struct good_case {
  std::string_view file;
  std::vector<canned_reply> replies;
};

class CannedRepliesParseTest : public ::testing::TestWithParam<good_case> {};

TEST_P(CannedRepliesParseTest, ReadsEveryReply) {
  const auto parsed = parse_canned_replies(GetParam().file);
  ASSERT_FALSE(parsed.error) << parsed.error->line << ": " << parsed.error->reason;
  ASSERT_EQ(parsed.replies.size(), GetParam().replies.size()) << GetParam().file;
  for (std::size_t i = 0; i < parsed.replies.size(); ++i) {
    EXPECT_EQ(parsed.replies[i].name, GetParam().replies[i].name);
    EXPECT_EQ(parsed.replies[i].text, GetParam().replies[i].text);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, CannedRepliesParseTest,
    ::testing::Values(
        good_case{"", {}},
        good_case{"\n\n   \n# a comment\n  # an indented comment\n", {}},
        good_case{"hello Hello {name}, how can I help?", {{"hello", "Hello {name}, how can I help?"}}},
        good_case{"hello Hi\nbye   Bye {name}!\n", {{"hello", "Hi"}, {"bye", "Bye {name}!"}}},
        good_case{"crlf text\r\nnext one\r\n", {{"crlf", "text"}, {"next", "one"}}},
        good_case{"tab\tafter a tab\tand inside", {{"tab", "after a tab\tand inside"}}},
        good_case{"braces {not a placeholder} {} {x y} {", {{"braces", "{not a placeholder} {} {x y} {"}}},
        good_case{"id your number is {id}", {{"id", "your number is {id}"}}},
        good_case{"utf8 gr\xc3\xbc\xc3\x9f dich", {{"utf8", "gr\xc3\xbc\xc3\x9f dich"}}}));

struct bad_case {
  std::string file;
  std::size_t line;
  std::string_view reason_holds;
};

class CannedRepliesErrorTest : public ::testing::TestWithParam<bad_case> {};

TEST_P(CannedRepliesErrorTest, SaysWhichLineIsWrongAndWhy) {
  const auto parsed = parse_canned_replies(GetParam().file);
  ASSERT_TRUE(parsed.error) << GetParam().file;
  EXPECT_EQ(parsed.error->line, GetParam().line);
  EXPECT_NE(parsed.error->reason.find(GetParam().reason_holds), std::string::npos) << parsed.error->reason;
  EXPECT_TRUE(parsed.replies.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Table, CannedRepliesErrorTest,
    ::testing::Values(bad_case{"lonely", 1, "no text after the name"},
                      bad_case{"ok fine\nspaces-only    ", 2, "no text after the name"},
                      bad_case{"no:name text", 1, "is not a name"},
                      bad_case{"a_name_longer_than_twenty text", 1, "is not a name"},
                      bad_case{" indented text", 1, "a reply's name starts the line"},
                      bad_case{"dup one\ndup two", 2, "a second reply called dup"},
                      bad_case{"typo Hello {nmae}", 1, "unknown placeholder {nmae}"},
                      bad_case{"bell ring\x07", 1, "control character"},
                      bad_case{"esc \x1b[31mred", 1, "control character"},
                      bad_case{"bad \xff\xfe", 1, "not UTF-8"},
                      bad_case{"long " + std::string(max_canned_text_bytes + 1, 'x'), 1, "at most 4096"}));

TEST(CannedRepliesTest, AtMostTheirNumber) {
  std::string file;
  for (std::size_t i = 0; i <= max_canned_replies; ++i) file += "r" + std::to_string(i) + " text\n";
  const auto parsed = parse_canned_replies(file);
  ASSERT_TRUE(parsed.error);
  EXPECT_EQ(parsed.error->line, max_canned_replies + 1);
}

struct fill_case {
  std::string_view text;
  std::string_view name;
  std::uint64_t id;
  std::string_view filled;
};

class FillCannedReplyTest : public ::testing::TestWithParam<fill_case> {};

TEST_P(FillCannedReplyTest, FillsNameAndNumber) {
  EXPECT_EQ(fill_canned_reply(GetParam().text, GetParam().name, GetParam().id), GetParam().filled);
}

INSTANTIATE_TEST_SUITE_P(Table, FillCannedReplyTest,
                         ::testing::Values(fill_case{"Hello {name}!", "Maria", 3, "Hello Maria!"},
                                           fill_case{"{name}{name}", "a", 1, "aa"},
                                           fill_case{"ticket {id} for {name}", "bob", 12, "ticket #12 for bob"},
                                           fill_case{"no placeholders", "x", 1, "no placeholders"},
                                           fill_case{"{nam} {name", "x", 1, "{nam} {name"},
                                           fill_case{"", "x", 1, ""}));

}  // namespace
}  // namespace udpchat
