// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Durations as people write them on a command line: a whole number and a unit.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

// "250ms", "30s", "10m", "2h", or "0" (which means off wherever a duration can be turned off).
// A bare number other than 0 has no unit and is refused, as is anything over a year.
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

// The shortest exact form parse_duration reads back: "10m", "90s", "1500ms", "0".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace udpchat
