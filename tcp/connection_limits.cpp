// SPDX-License-Identifier: GPL-3.0-or-later
#include "connection_limits.hpp"

#include <algorithm>

#include "log_text.hpp"
#include "udpchat/duration_text.hpp"

namespace udpchat {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds shortest_sweep{50};
constexpr milliseconds longest_sweep{5000};

bool ran_out(milliseconds timeout, std::chrono::steady_clock::time_point since,
             std::chrono::steady_clock::time_point now) {
  return timeout.count() > 0 && now - since >= timeout;
}

std::string what_ran_out(timeout_kind kind, const connection_limits& limits) {
  switch (kind) {
    case timeout_kind::unfinished_line:
      return "line not finished within " + format_duration(limits.line_timeout);
    case timeout_kind::silent:
      return "silent for " + format_duration(limits.idle_timeout);
  }
  return "timed out";
}

}  // namespace

std::optional<timeout_kind> overdue(const connection_limits& limits, const line_progress& progress,
                                    std::chrono::steady_clock::time_point now) {
  if (progress.unfinished_since && ran_out(limits.line_timeout, *progress.unfinished_since, now)) {
    return timeout_kind::unfinished_line;
  }
  if (ran_out(limits.idle_timeout, progress.last_line_end, now)) return timeout_kind::silent;
  return std::nullopt;
}

milliseconds sweep_period(const connection_limits& limits) {
  milliseconds shorter{0};
  for (const milliseconds timeout : {limits.idle_timeout, limits.line_timeout}) {
    if (timeout.count() > 0 && (shorter.count() == 0 || timeout < shorter)) shorter = timeout;
  }
  if (shorter.count() == 0) return shorter;
  return std::clamp(shorter / 4, shortest_sweep, longest_sweep);
}

std::string timeout_reply(timeout_kind kind, const connection_limits& limits) {
  return "error: " + what_ran_out(kind, limits) + "; closing";
}

std::string timeout_reason(timeout_kind kind, const connection_limits& limits) {
  return "timed out (" + what_ran_out(kind, limits) + ")";
}

std::string full_reason(std::string_view place, const connection_limits& limits, std::string_view noun) {
  return "the " + std::string{place} + " is full (" + counted(limits.max_connections, noun) + ")";
}

std::string full_reply(std::string_view reason) {
  return "error: " + std::string{reason} + "; try again later";
}

}  // namespace udpchat
