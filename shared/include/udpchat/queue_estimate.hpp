// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How long a customer in the help desk's queue may still wait, from how fast the desk's agents
// have been taking customers lately. Pure: the caller gives the times.
//
// The estimate for the customer at `place` (1 is next) is place x the mean interval between
// the recent pick-ups (the last max_estimate_pickups, at least two needed): the queue moves at
// the pace the agents have kept. It knows nothing of agents coming or going.

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace udpchat {

inline constexpr std::size_t max_estimate_pickups = 10;

// `pickups`: when the recent customers were taken, oldest first (only the last
// max_estimate_pickups count). nullopt with fewer than two.
std::optional<std::chrono::seconds> estimated_wait(std::size_t place,
                                                   std::span<const std::chrono::steady_clock::time_point> pickups);

// "under a minute", "about 1 minute", "about 7 minutes" (rounded up), "over an hour".
std::string describe_wait(std::chrono::seconds wait);

}  // namespace udpchat
