// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk_login.hpp"

#include <gtest/gtest.h>

#include "desk_key_file.hpp"

namespace udpchat {
namespace {

struct login_case {
  std::string_view line;
  bool is_login;
  std::optional<std::string_view> name;  // nullopt: not parsed
  std::string_view key;
};

class AgentLoginTest : public ::testing::TestWithParam<login_case> {};

TEST_P(AgentLoginTest, ReadsNameAndKey) {
  const auto& expected = GetParam();
  EXPECT_EQ(is_agent_login(expected.line), expected.is_login) << expected.line;
  const auto got = parse_agent_login(expected.line);
  ASSERT_EQ(got.has_value(), expected.name.has_value()) << expected.line;
  if (got) {
    EXPECT_EQ(got->name, *expected.name) << expected.line;
    EXPECT_EQ(got->key, expected.key) << expected.line;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, AgentLoginTest,
    ::testing::Values(login_case{"/agent bob s3cret key", true, "bob", "s3cret key"},
                      login_case{"/agent   bob k", true, "bob", "k"},
                      login_case{"/agent bob  leading space kept", true, "bob", " leading space kept"},
                      login_case{"/agent bob", true, std::nullopt, ""},
                      login_case{"/agent bob ", true, std::nullopt, ""},
                      login_case{"/agent", true, std::nullopt, ""},
                      login_case{"/agent ", true, std::nullopt, ""},
                      login_case{"/agents", false, std::nullopt, ""},
                      login_case{"/agentbob key", false, std::nullopt, ""},
                      login_case{"hello /agent bob key", false, std::nullopt, ""},
                      login_case{"", false, std::nullopt, ""}));

TEST(SameSecretTest, OnlyTheSameBytesMatch) {
  EXPECT_TRUE(same_secret("correct horse battery staple", "correct horse battery staple"));
  EXPECT_FALSE(same_secret("correct horse battery stapl", "correct horse battery staple"));
  EXPECT_FALSE(same_secret("correct horse battery staplE", "correct horse battery staple"));
  EXPECT_FALSE(same_secret("", "correct horse battery staple"));
  EXPECT_FALSE(same_secret("", ""));  // no key is never a key
}

using clock_type = login_attempt_limit::clock;

TEST(LoginAttemptLimitTest, AnAddressPastItsFailuresWaitsOutTheWindow) {
  login_attempt_limit limit{3, std::chrono::minutes{10}, 100};
  const clock_type::time_point start{};
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(limit.may_try("192.0.2.1", start + std::chrono::seconds{i}));
    limit.failed("192.0.2.1", start + std::chrono::seconds{i});
  }
  EXPECT_FALSE(limit.may_try("192.0.2.1", start + std::chrono::minutes{5}));
  EXPECT_TRUE(limit.may_try("192.0.2.2", start + std::chrono::minutes{5}));
  EXPECT_FALSE(limit.may_try("192.0.2.1", start + std::chrono::minutes{10} - std::chrono::seconds{1}));
  EXPECT_TRUE(limit.may_try("192.0.2.1", start + std::chrono::minutes{10}));
}

TEST(LoginAttemptLimitTest, ASuccessForgetsTheFailures) {
  login_attempt_limit limit{2, std::chrono::minutes{10}, 100};
  const clock_type::time_point start{};
  limit.failed("192.0.2.1", start);
  limit.succeeded("192.0.2.1");
  limit.failed("192.0.2.1", start);
  EXPECT_TRUE(limit.may_try("192.0.2.1", start));
  limit.failed("192.0.2.1", start);
  EXPECT_FALSE(limit.may_try("192.0.2.1", start));
}

TEST(LoginAttemptLimitTest, TheTableStaysWithinItsBoundForgettingTheOldestFirst) {
  login_attempt_limit limit{1, std::chrono::minutes{10}, 3};
  const clock_type::time_point start{};
  for (int i = 0; i < 10; ++i) {
    limit.failed("192.0.2." + std::to_string(i), start + std::chrono::seconds{i});
    EXPECT_LE(limit.addresses(), 3U);
  }
  EXPECT_TRUE(limit.may_try("192.0.2.0", start + std::chrono::seconds{10}));   // forgotten
  EXPECT_FALSE(limit.may_try("192.0.2.9", start + std::chrono::seconds{10}));  // kept
}

struct key_case {
  std::string secret;
  bool good;
};

class AgentKeyRuleTest : public ::testing::TestWithParam<key_case> {};

TEST_P(AgentKeyRuleTest, SaysWhatIsWrong) {
  EXPECT_EQ(agent_key_problem(GetParam().secret).empty(), GetParam().good) << GetParam().secret;
}

INSTANTIATE_TEST_SUITE_P(Table, AgentKeyRuleTest,
                         ::testing::Values(key_case{"0123456789abcdef", true}, key_case{"0123456789abcde", false},
                                           key_case{std::string(1024, 'k'), true},
                                           key_case{std::string(1025, 'k'), false},
                                           key_case{"with spaces is fine ~", true},
                                           key_case{"tab\tis not printable", false},
                                           key_case{"caf\xc3\xa9 is not ASCII at all", false}, key_case{"", false}));

}  // namespace
}  // namespace udpchat
