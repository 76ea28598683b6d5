// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_command.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

struct command_case {
  std::string_view line;
  agent_action action;
  std::optional<std::uint64_t> customer;
  std::string_view text;
};

class ParseAgentLineTest : public ::testing::TestWithParam<command_case> {};

TEST_P(ParseAgentLineTest, ReadsWhatTheAgentMeant) {
  const auto& expected = GetParam();
  const agent_command got = parse_agent_line(expected.line);
  EXPECT_EQ(got.action, expected.action) << expected.line;
  EXPECT_EQ(got.customer, expected.customer) << expected.line;
  if (expected.action != agent_action::invalid || !expected.text.empty()) {
    EXPECT_EQ(got.text, expected.text) << expected.line;
  } else {
    EXPECT_FALSE(got.text.empty()) << "an invalid line must say why: " << expected.line;
  }
}

constexpr std::optional<std::uint64_t> none;

INSTANTIATE_TEST_SUITE_P(
    Table, ParseAgentLineTest,
    ::testing::Values(
        command_case{"", agent_action::nothing, none, ""},
        command_case{"   ", agent_action::nothing, none, ""},
        command_case{"hello there", agent_action::say, none, "hello there"},
        command_case{" leading space kept", agent_action::say, none, " leading space kept"},
        command_case{"//etc/hosts is the file", agent_action::say, none, "/etc/hosts is the file"},
        command_case{"quit", agent_action::quit, none, ""},
        command_case{"/quit", agent_action::quit, none, ""},
        command_case{"quit please", agent_action::say, none, "quit please"},
        command_case{"/to 3 hi", agent_action::say_to, 3, "hi"},
        command_case{"/to #3   hi  there", agent_action::say_to, 3, "hi  there"},
        command_case{"/to 3", agent_action::invalid, none, ""},
        command_case{"/to x hi", agent_action::invalid, none, ""},
        command_case{"/to 0 hi", agent_action::invalid, none, ""},
        command_case{"/to -1 hi", agent_action::invalid, none, ""},
        command_case{"/to 99999999999999999999999 hi", agent_action::invalid, none, ""},
        command_case{"/take 12", agent_action::take, 12, ""},
        command_case{"/take #12", agent_action::take, 12, ""},
        command_case{"/take", agent_action::invalid, none, ""},
        command_case{"/take 1 2", agent_action::invalid, none, ""},
        command_case{"/next", agent_action::next, none, ""},
        command_case{"/next 2", agent_action::invalid, none, ""},
        command_case{"/who", agent_action::who, none, ""},
        command_case{"/help", agent_action::help, none, ""},
        command_case{"/close", agent_action::close, none, ""},
        command_case{"/close 4", agent_action::close, 4, ""},
        command_case{"/close four", agent_action::invalid, none, ""},
        command_case{"/agents", agent_action::agents, none, ""},
        command_case{"/agents bob", agent_action::invalid, none, ""},
        command_case{"/transfer 3 bob", agent_action::transfer, 3, "bob"},
        command_case{"/transfer #3  bob", agent_action::transfer, 3, "bob"},
        command_case{"/transfer 3", agent_action::invalid, none, ""},
        command_case{"/transfer bob 3", agent_action::invalid, none, ""},
        command_case{"/transfer 3 bob carol", agent_action::invalid, none, ""},
        command_case{"/transfer 3 bob  ", agent_action::transfer, 3, "bob"},
        command_case{"/c greeting 4  ", agent_action::canned, 4, "greeting"},
        command_case{"/c greeting  ", agent_action::canned, none, "greeting"},
        command_case{"/c greeting", agent_action::canned, none, "greeting"},
        command_case{"/c greeting 4", agent_action::canned, 4, "greeting"},
        command_case{"/c greeting #4", agent_action::canned, 4, "greeting"},
        command_case{"/c greeting four", agent_action::invalid, none, ""},
        command_case{"/c greeting 4 5", agent_action::invalid, none, ""},
        command_case{"/c", agent_action::invalid, none, ""},
        command_case{"/canned", agent_action::list_canned, none, ""},
        command_case{"/canned x", agent_action::invalid, none, ""},
        command_case{"/", agent_action::invalid, none, ""},
        command_case{"/frobnicate", agent_action::invalid, none, ""}));

}  // namespace
}  // namespace udpchat
