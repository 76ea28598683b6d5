// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

namespace udpchat {

// Where a server's log lines go: one call per line, without the newline. The console passes them
// to its terminal, so a line being typed at the console is never garbled by the log.
using log_sink = std::function<void(std::string_view line)>;

// "YYYY-MM-DD HH:MM:SS <text>", in local time.
std::string timestamped(std::string_view text);

// The start of a long text for a log line, cut on a UTF-8 boundary, with its full size; a short
// text whole. `text` must be well-formed UTF-8 (relay text is).
std::string log_excerpt(std::string_view text);

// "HH:MM:SS" in local time.
std::string clock_time(std::chrono::system_clock::time_point when);
// "HH:MM:SS.ffffff" in local time: to the microsecond, for a trace.
std::string precise_clock_time(std::chrono::system_clock::time_point when);

// "1 member", "3 members".
std::string counted(std::size_t count, std::string_view noun);

}  // namespace udpchat
