// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/queue_estimate.hpp"

namespace udpchat {

std::optional<std::chrono::seconds> estimated_wait(std::size_t place,
                                                   std::span<const std::chrono::steady_clock::time_point> pickups) {
  if (pickups.size() > max_estimate_pickups) pickups = pickups.last(max_estimate_pickups);
  if (pickups.size() < 2) return std::nullopt;
  const auto span = pickups.back() - pickups.front();
  const auto mean = span / static_cast<std::int64_t>(pickups.size() - 1);
  return std::chrono::duration_cast<std::chrono::seconds>(mean * static_cast<std::int64_t>(place));
}

std::string describe_wait(std::chrono::seconds wait) {
  using std::chrono::minutes;
  if (wait < minutes{1}) return "under a minute";
  if (wait > std::chrono::hours{1}) return "over an hour";
  const auto rounded_up = (wait.count() + 59) / 60;
  return "about " + std::to_string(rounded_up) + (rounded_up == 1 ? " minute" : " minutes");
}

}  // namespace udpchat
