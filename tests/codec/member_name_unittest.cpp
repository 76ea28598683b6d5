// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/member_name.hpp"

#include <gtest/gtest.h>

#include "udpchat/json_text.hpp"
#include "udpchat/member_command.hpp"

namespace udpchat {
namespace {

TEST(MemberNameTest, AcceptsOnlyPlainShortNames) {
  for (const std::string_view good : {"alice", "A", "bob-2", "x.y_z", "___", "abcdefghijklmnopqrst"}) {
    EXPECT_TRUE(is_valid_name(good)) << good;
  }
  for (const std::string_view bad : {"", "abcdefghijklmnopqrstu", "two words", "bob (10.0.0.1:5)", "a____b",
                                     "\x1b[2J", "caf\xc3\xa9", "a:b", "[::1]", "tab\t"}) {
    EXPECT_FALSE(is_valid_name(bad)) << bad;
  }
}

TEST(MemberNameTest, NamedSenderKeepsTheAddressAndSplitsBack) {
  EXPECT_EQ(named_sender("alice", "127.0.0.1:5"), "alice (127.0.0.1:5)");
  EXPECT_EQ(named_sender("", "127.0.0.1:5"), "127.0.0.1:5");
  EXPECT_EQ(named_sender("bob", "[::1]:7"), "bob ([::1]:7)");
  const auto parts = split_sender("bob ([::1]:7)");
  EXPECT_EQ(parts.name, "bob");
  EXPECT_EQ(parts.address, "[::1]:7");
  const auto bare = split_sender("127.0.0.1:5");
  EXPECT_EQ(bare.name, "");
  EXPECT_EQ(bare.address, "127.0.0.1:5");
  // Not made by named_sender: all of it is the address.
  EXPECT_EQ(split_sender("two words (x)").address, "two words (x)");
}

struct command_case {
  std::string_view text;
  std::optional<member_command_kind> kind;
  std::string_view argument;
};

class MemberCommandTest : public ::testing::TestWithParam<command_case> {};

TEST_P(MemberCommandTest, ReadsNickAndWho) {
  const auto command = parse_member_command(GetParam().text);
  ASSERT_EQ(command.has_value(), GetParam().kind.has_value()) << GetParam().text;
  if (command) {
    EXPECT_EQ(command->kind, *GetParam().kind);
    EXPECT_EQ(command->argument, GetParam().argument);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, MemberCommandTest,
    ::testing::Values(command_case{"/nick alice", member_command_kind::nick, "alice"},
                      command_case{"/nick   alice \t", member_command_kind::nick, "alice"},
                      command_case{"/nick", member_command_kind::nick, ""},
                      command_case{"/nick two words", member_command_kind::nick, "two words"},
                      command_case{"/who", member_command_kind::who, ""},
                      command_case{"/who  ", member_command_kind::who, ""},
                      command_case{"/who is here", std::nullopt, ""},
                      command_case{"/nickname", std::nullopt, ""}, command_case{"/whoami", std::nullopt, ""},
                      command_case{" /who", std::nullopt, ""}, command_case{"hello", std::nullopt, ""},
                      command_case{"", std::nullopt, ""}));

TEST(JsonStringTest, QuotesEscapesAndStaysValid) {
  EXPECT_EQ(json_string("hi"), "\"hi\"");
  EXPECT_EQ(json_string("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(json_string("a\tb"), "\"a\\tb\"");
  // Controls and bad bytes show as a terminal shows them, then their backslash is escaped.
  EXPECT_EQ(json_string("\x1b[2J\n\xff"), "\"\\\\x1b[2J\\\\n\\\\xff\"");
  EXPECT_EQ(json_string("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
}

}  // namespace
}  // namespace udpchat
