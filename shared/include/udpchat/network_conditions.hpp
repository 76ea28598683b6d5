// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The network conditions the hub's simulator imposes on what it sends (--loss, --delay,
// --duplicate, --reorder, and the console's `loss 20`, `delay 300:100`, `normal`), and how their
// values are written. Their effect on each datagram is network_simulator.hpp's.
//
//   PERCENT      0 to 100, with up to four decimals ("30", "12.5", "0.0001"), an optional
//                trailing '%'. Held as parts per million, so a decision is an integer compare.
//   MS[:JITTER]  whole milliseconds, 0 to max_delay; the jitter at most the delay, so that
//                MS - JITTER never goes below zero.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

inline constexpr std::uint32_t per_million = 1'000'000;
// A longer delay teaches nothing a class could wait for, and holds more datagrams.
inline constexpr std::chrono::milliseconds max_delay{10'000};
// How much later than its delay a reordered datagram leaves: long enough that datagrams sent
// within it overtake it even without --delay, short enough that a chat still reads.
inline constexpr std::chrono::milliseconds reorder_hold{100};

struct network_conditions {
  std::uint32_t loss = 0;       // parts per million of datagrams dropped
  std::uint32_t duplicate = 0;  // parts per million of datagrams sent twice
  std::uint32_t reorder = 0;    // parts per million of datagrams held back by reorder_hold
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds jitter{0};  // the delay varies uniformly within delay ± jitter

  // Whether any condition is on: without one, datagrams go out as they are.
  bool any() const { return loss != 0 || duplicate != 0 || reorder != 0 || delay.count() != 0; }
  bool operator==(const network_conditions&) const = default;
};

// A parsed value, or why the text is not one (a sentence without the option's name).
template <typename T>
struct condition_value {
  std::optional<T> value;
  std::string error;  // empty when there is a value
};

// "12.5" -> 125000 parts per million (see the formats above).
condition_value<std::uint32_t> parse_percent(std::string_view text);

struct delay_setting {
  std::chrono::milliseconds delay{0};
  std::chrono::milliseconds jitter{0};
};
// "300" or "300:100".
condition_value<delay_setting> parse_delay(std::string_view text);

// 125000 -> "12.5%", 300000 -> "30%".
std::string percent_text(std::uint32_t parts_per_million);
// "loss 20%, delay 300±100 ms, duplicate 0%, reorder 0%", or "normal (no loss, delay,
// duplicates or reordering)" when none is on.
std::string conditions_text(const network_conditions& conditions);

// A console line that sets or shows the conditions:
//   loss PERCENT | delay MS[:JITTER_MS] | duplicate PERCENT | reorder PERCENT   one setting
//   normal                                                                      all off
//   conditions                                                                  show them
enum class condition_command_kind { change, show };
struct condition_command {
  condition_command_kind kind = condition_command_kind::show;
  network_conditions conditions;  // what they become (for show, as they are)
};
// Reads `line` against the conditions `now`. A line that is none of these commands ("who")
// gives neither a value nor an error; a bad value gives an error naming the command.
condition_value<condition_command> parse_condition_command(std::string_view line, const network_conditions& now);
// The commands, for a console's list of what it takes.
inline constexpr std::string_view condition_commands =
    "loss PERCENT, delay MS[:JITTER_MS], duplicate PERCENT, reorder PERCENT, normal, conditions";

}  // namespace udpchat
