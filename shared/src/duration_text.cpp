// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/duration_text.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <utility>

namespace udpchat {
namespace {

using std::chrono::milliseconds;

struct unit {
  std::string_view suffix;
  std::int64_t in_ms;
};
// Longest suffix first where one ends another ("ms" before "s").
constexpr std::array<unit, 4> units{{{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}}};
constexpr std::int64_t longest_ms = 366LL * 24 * 3'600'000;

}  // namespace

std::optional<milliseconds> parse_duration(std::string_view text) {
  if (text == "0") return milliseconds{0};
  for (const unit& each : units) {
    if (text.size() <= each.suffix.size() || !text.ends_with(each.suffix)) continue;
    const std::string_view number = text.substr(0, text.size() - each.suffix.size());
    // Unsigned, so that from_chars takes no sign: "-0s" is not a whole number and a unit.
    std::uint64_t count = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), count);
    if (error != std::errc{} || end != number.data() + number.size()) return std::nullopt;
    if (count > static_cast<std::uint64_t>(longest_ms / each.in_ms)) return std::nullopt;
    return milliseconds{static_cast<std::int64_t>(count) * each.in_ms};
  }
  return std::nullopt;
}

std::string format_duration(milliseconds duration) {
  const std::int64_t ms = duration.count();
  if (ms == 0) return "0";
  for (auto each = units.rbegin(); each != units.rend(); ++each) {
    if (ms % each->in_ms == 0) return std::to_string(ms / each->in_ms) + std::string{each->suffix};
  }
  return std::to_string(ms) + "ms";
}

}  // namespace udpchat
