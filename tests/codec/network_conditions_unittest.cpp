// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/network_conditions.hpp"

#include <gtest/gtest.h>

namespace udpchat {
namespace {

using std::chrono::milliseconds;

struct percent_case {
  std::string_view text;
  std::optional<std::uint32_t> per_million;
  std::string_view error;
};

TEST(NetworkConditionsTest, PercentagesAreReadAsPartsPerMillion) {
  const percent_case cases[] = {
      {"0", 0, ""},
      {"30", 300'000, ""},
      {"30%", 300'000, ""},
      {"100", 1'000'000, ""},
      {"12.5", 125'000, ""},
      {"0.0001", 1, ""},
      {"99.9999", 999'999, ""},
      {"007", 70'000, ""},
      {"100.0000", 1'000'000, ""},
      {"100.0001", std::nullopt, "'100.0001' is more than 100"},
      {"101", std::nullopt, "'101' is more than 100"},
      {"1000000000000000000000", std::nullopt, "'1000000000000000000000' is more than 100"},
      {"1.00001", std::nullopt, "'1.00001' has more than 4 decimals"},
      {"", std::nullopt, "'' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"%", std::nullopt, "'%' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"-5", std::nullopt, "'-5' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"+5", std::nullopt, "'+5' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {".5", std::nullopt, "'.5' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"5.", std::nullopt, "'5.' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"1e2", std::nullopt, "'1e2' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {" 5", std::nullopt, "' 5' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"5%%", std::nullopt, "'5%%' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"1.2.3", std::nullopt, "'1.2.3' is not a percentage (0 to 100, such as 30 or 12.5)"},
  };
  for (const auto& each : cases) {
    const auto parsed = parse_percent(each.text);
    EXPECT_EQ(parsed.value, each.per_million) << each.text;
    EXPECT_EQ(parsed.error, each.error) << each.text;
  }
}

struct delay_case {
  std::string_view text;
  std::optional<std::pair<int, int>> delay_and_jitter;
  std::string_view error;
};

TEST(NetworkConditionsTest, DelaysAreWholeMillisecondsWithAnOptionalJitter) {
  const std::string_view not_one = " is not a delay in milliseconds (MS or MS:JITTER_MS, such as 200 or 300:100)";
  const delay_case cases[] = {
      {"0", std::pair{0, 0}, ""},
      {"200", std::pair{200, 0}, ""},
      {"300:100", std::pair{300, 100}, ""},
      {"300:300", std::pair{300, 300}, ""},
      {"10000", std::pair{10000, 0}, ""},
      {"10001", std::nullopt, "'10001' is longer than 10000 ms"},
      {"99999999999999999999999", std::nullopt, "'99999999999999999999999' is longer than 10000 ms"},
      {"300:301", std::nullopt, "'300:301': the jitter may not exceed the delay"},
      {"", std::nullopt, ""},
      {"300:", std::nullopt, ""},
      {":100", std::nullopt, ""},
      {"300:100:5", std::nullopt, ""},
      {"200ms", std::nullopt, ""},
      {"-200", std::nullopt, ""},
      {"2.5", std::nullopt, ""},
  };
  for (const auto& each : cases) {
    const auto parsed = parse_delay(each.text);
    if (each.delay_and_jitter) {
      ASSERT_TRUE(parsed.value.has_value()) << each.text << ": " << parsed.error;
      EXPECT_EQ(parsed.value->delay, milliseconds{each.delay_and_jitter->first}) << each.text;
      EXPECT_EQ(parsed.value->jitter, milliseconds{each.delay_and_jitter->second}) << each.text;
      EXPECT_EQ(parsed.error, "") << each.text;
    } else {
      EXPECT_FALSE(parsed.value.has_value()) << each.text;
      const std::string expected = each.error.empty() ? "'" + std::string{each.text} + "'" + std::string{not_one}
                                                      : std::string{each.error};
      EXPECT_EQ(parsed.error, expected) << each.text;
    }
  }
}

TEST(NetworkConditionsTest, PercentTextDropsTrailingZeros) {
  const std::pair<std::uint32_t, std::string_view> cases[] = {
      {0, "0%"}, {1, "0.0001%"}, {125'000, "12.5%"}, {300'000, "30%"}, {1'000'000, "100%"}, {123'450, "12.345%"}};
  for (const auto& [parts, text] : cases) EXPECT_EQ(percent_text(parts), text) << parts;
}

TEST(NetworkConditionsTest, ConditionsTextNamesEverySetting) {
  EXPECT_EQ(conditions_text({}), "normal (no loss, delay, duplicates or reordering)");
  network_conditions some;
  some.loss = 200'000;
  some.delay = milliseconds{300};
  some.jitter = milliseconds{100};
  some.reorder = 55'000;
  EXPECT_EQ(conditions_text(some), "loss 20%, delay 300 ms, jitter 100 ms, duplicate 0%, reorder 5.5%");
  network_conditions duplicating;
  duplicating.duplicate = 1'000'000;
  EXPECT_EQ(conditions_text(duplicating), "loss 0%, delay 0 ms, duplicate 100%, reorder 0%");
}

TEST(NetworkConditionsTest, AnyConditionTurnsTheSimulatorOn) {
  EXPECT_FALSE(network_conditions{}.any());
  for (auto field : {&network_conditions::loss, &network_conditions::duplicate, &network_conditions::reorder}) {
    network_conditions one;
    one.*field = 1;
    EXPECT_TRUE(one.any());
  }
  network_conditions delayed;
  delayed.delay = milliseconds{1};
  EXPECT_TRUE(delayed.any());
}

struct console_command_case {
  std::string_view line;
  std::optional<condition_command_kind> kind;
  network_conditions after;  // from `now` below
  std::string_view error;
};

TEST(NetworkConditionsTest, ConsoleCommandsChangeOneSettingOrAll) {
  network_conditions now;
  now.loss = 100'000;
  now.delay = milliseconds{50};
  const auto with = [&](auto change) {
    network_conditions out = now;
    change(out);
    return out;
  };
  using enum condition_command_kind;
  const console_command_case cases[] = {
      {"loss 20", change, with([](auto& c) { c.loss = 200'000; }), ""},
      {"  loss   20%  ", change, with([](auto& c) { c.loss = 200'000; }), ""},
      {"delay 300:100", change, with([](auto& c) {
         c.delay = milliseconds{300};
         c.jitter = milliseconds{100};
       }), ""},
      {"delay 0", change, with([](auto& c) { c.delay = milliseconds{0}; }), ""},
      {"duplicate 5", change, with([](auto& c) { c.duplicate = 50'000; }), ""},
      {"reorder 10", change, with([](auto& c) { c.reorder = 100'000; }), ""},
      {"normal", change, network_conditions{}, ""},
      {"conditions", show, now, ""},
      {"loss", std::nullopt, {}, "usage: loss PERCENT"},
      {"loss 1 2", std::nullopt, {}, "usage: loss PERCENT"},
      {"delay", std::nullopt, {}, "usage: delay MS[:JITTER_MS]"},
      {"reorder x", std::nullopt, {}, "reorder: 'x' is not a percentage (0 to 100, such as 30 or 12.5)"},
      {"duplicate 200", std::nullopt, {}, "duplicate: '200' is more than 100"},
      {"delay 100:200", std::nullopt, {}, "delay: '100:200': the jitter may not exceed the delay"},
      {"normal now", std::nullopt, {}, "usage: normal (nothing after it)"},
      // Not a conditions command: no value and no error.
      {"who", std::nullopt, {}, ""},
      {"quit", std::nullopt, {}, ""},
      {"", std::nullopt, {}, ""},
      {"Loss 20", std::nullopt, {}, ""},
      {"lossy 20", std::nullopt, {}, ""},
  };
  for (const auto& each : cases) {
    const auto parsed = parse_condition_command(each.line, now);
    EXPECT_EQ(parsed.error, each.error) << each.line;
    ASSERT_EQ(parsed.value.has_value(), each.kind.has_value()) << each.line;
    if (parsed.value) {
      EXPECT_EQ(parsed.value->kind, *each.kind) << each.line;
      EXPECT_EQ(parsed.value->conditions, each.after) << each.line;
    }
  }
}

}  // namespace
}  // namespace udpchat
