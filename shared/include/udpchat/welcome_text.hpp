// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The parts of a server's welcome that a terminal acts on: how long the server keeps a member
// that says nothing ("...; idle timeout 10m; ..."), so the terminal can keep alive often enough,
// and how many messages a second it takes from one member ("...; rate limit 20/s burst 60; ..."),
// so the terminal can pace what it sends instead of having the excess dropped.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

// "idle timeout 10m; ", or "" for a server that keeps silent members for ever (a zero timeout).
std::string idle_timeout_clause(std::chrono::milliseconds idle_timeout);

// The idle timeout a welcome announces, if it announces one that parses.
std::optional<std::chrono::milliseconds> idle_timeout_in(std::string_view welcome);

// A server's budget for one member: `per_second` messages a second on average, up to `burst`
// at once (the token bucket of the hub's --rate-limit and --burst).
struct rate_limit {
  std::uint32_t per_second = 0;
  std::uint32_t burst = 0;
  bool operator==(const rate_limit&) const = default;
};

// "rate limit 20/s burst 60; ", or "" when per_second is 0 (no limit). A burst of 0 is
// written as 1: the server takes one message at a time.
std::string rate_limit_clause(rate_limit limit);

// The rate limit a welcome announces, if it announces one that parses (both numbers, the rate
// above 0, each below 2^32); a welcome without one (an older server, or no limit) gives nullopt.
std::optional<rate_limit> rate_limit_in(std::string_view welcome);

}  // namespace udpchat
