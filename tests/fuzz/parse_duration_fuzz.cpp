// SPDX-License-Identifier: GPL-3.0-or-later
// parse_duration and format_duration: the text is read as the grammar in duration_text.hpp
// says, and every duration up to a year reads back from what format_duration writes.
//
// Input: all of it is a text to parse; its first 8 bytes are also a duration to format.

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "udpchat/duration_text.hpp"

namespace udpchat::fuzz {
namespace {

using std::chrono::milliseconds;

struct unit {
  std::string_view suffix;
  std::int64_t in_ms;
};
constexpr std::array<unit, 4> units{{{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}}};
// "Anything over a year is refused": the longest year, 366 days.
constexpr std::int64_t longest_ms = 366LL * 24 * 3'600'000;

// duration_text.hpp, said as code: "0", or one or more decimal digits and a unit.
std::optional<milliseconds> model_parse(std::string_view text) {
  if (text == "0") return milliseconds{0};
  const unit* found = nullptr;
  for (const unit& each : units) {
    if (text.ends_with(each.suffix)) {
      found = &each;
      break;
    }
  }
  if (found == nullptr) return std::nullopt;
  const std::string_view number = text.substr(0, text.size() - found->suffix.size());
  if (number.empty()) return std::nullopt;
  std::int64_t count = 0;
  for (const char digit : number) {
    if (digit < '0' || digit > '9') return std::nullopt;
    count = count * 10 + (digit - '0');
    if (count > longest_ms) return std::nullopt;
  }
  if (count * found->in_ms > longest_ms) return std::nullopt;
  return milliseconds{count * found->in_ms};
}

// format_duration's promise: the largest unit that divides the duration, no leading zeros.
void check_format(milliseconds duration) {
  const std::string text = format_duration(duration);
  FUZZ_CHECK(parse_duration(text) == duration);
  if (duration.count() == 0) {
    FUZZ_CHECK(text == "0");
    return;
  }
  FUZZ_CHECK(text[0] >= '1' && text[0] <= '9');
  std::size_t chosen = 0;
  while (chosen < units.size() && !(text.ends_with(units[chosen].suffix) &&
                                    text.substr(0, text.size() - units[chosen].suffix.size())
                                            .find_first_not_of("0123456789") == std::string::npos)) {
    ++chosen;
  }
  FUZZ_CHECK(chosen < units.size());
  for (std::size_t larger = chosen + 1; larger < units.size(); ++larger) {
    FUZZ_CHECK(duration.count() % units[larger].in_ms != 0);
  }
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view text = as_text(data, size);

  const std::optional<milliseconds> parsed = parse_duration(text);
  FUZZ_CHECK(parsed == model_parse(text));
  if (parsed) {
    FUZZ_CHECK(parsed->count() >= 0 && parsed->count() <= longest_ms);
    check_format(*parsed);
  }

  std::uint64_t raw = 0;
  for (std::size_t i = 0; i < size && i < 8; ++i) raw = (raw << 8U) | data[i];
  const auto duration = static_cast<std::int64_t>(raw % static_cast<std::uint64_t>(longest_ms + 1));
  for (const unit& each : units) check_format(milliseconds{duration - duration % each.in_ms});
  return 0;
}
