// SPDX-License-Identifier: GPL-3.0-or-later
#include "flow_limits.hpp"

#include <algorithm>


namespace udpchat {
namespace {

// In seconds whatever the size, as --help states these figures.
std::string seconds_text(std::chrono::seconds duration) { return std::to_string(duration.count()) + "s"; }

}  // namespace

std::size_t high_water_mark(const flow_limits& limits) {
  constexpr std::size_t largest = 64 * 1024;
  return std::max<std::size_t>(1, std::min(largest, limits.max_queued_bytes / 4));
}

pacing_step pace_line(const send_rate_limit& budget, pacing_state& state, flow_clock::time_point now) {
  // A full bucket means the peer kept within its budget long enough: the episode is over.
  if (state.full_at <= now) state.over_budget_since.reset();
  if (budget.allow(state.full_at, now)) return {pacing_verdict::take};
  const bool began = !state.over_budget_since;
  if (began) state.over_budget_since = now;
  if (now - *state.over_budget_since >= flood_timeout) return {pacing_verdict::flooded};
  return {pacing_verdict::hold, began, budget.ready_at(state.full_at)};
}

std::string slow_down_notice(const flow_limits& limits) {
  return "error: slow down: lines beyond " + std::to_string(limits.lines_per_second) + " a second (bursts of " +
         std::to_string(limits.burst) + ") wait, unread; held back for " + seconds_text(flood_timeout) +
         " on end, you will be disconnected";
}

std::string flood_reply() { return "error: " + flood_reason() + "; closing"; }

std::string flood_reason() { return "flooding (over the rate limit for " + seconds_text(flood_timeout) + ")"; }

void note_queue(reader_state& reader, const flow_limits& limits, flow_clock::time_point now) {
  if (reader.queued_bytes <= high_water_mark(limits)) {
    reader.over_mark_since.reset();
  } else if (!reader.over_mark_since) {
    reader.over_mark_since = now;
  }
}

reader_judgement judge_reader(const reader_state& reader, const flow_limits& limits, flow_clock::time_point now) {
  if (reader.queued_bytes > limits.max_queued_bytes) {
    return {reader_verdict::drop, "not reading, " + std::to_string(reader.queued_bytes) + " bytes queued"};
  }
  if (reader.queued_bytes == 0) return {reader_verdict::keeps_up, {}};
  const auto still = now - reader.last_progress;
  if (still >= stall_timeout) {
    return {reader_verdict::drop, "not reading, nothing taken for " + seconds_text(stall_timeout)};
  }
  if (reader.over_mark_since && now - *reader.over_mark_since >= over_mark_timeout) {
    return {reader_verdict::drop, "not reading fast enough, over " + std::to_string(high_water_mark(limits)) +
                                      " bytes behind for " + seconds_text(over_mark_timeout)};
  }
  if (reader.over_mark_since) return {reader_verdict::behind, {}};
  return {reader_verdict::keeps_up, {}};
}

}  // namespace udpchat
