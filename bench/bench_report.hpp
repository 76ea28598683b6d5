// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string_view>

#include "load_trial.hpp"
#include "rate_search.hpp"

namespace udpchat::bench {

struct report_style {
  bool json;
  std::size_t members;
  std::size_t senders;
  std::size_t message_bytes;
  bool tcp;
};

struct rate_search_result {
  double max_rate = 0;     // the highest sustained rate found, messages per second
  trial_result at_max;     // the trial that found it
  trial_result at_half;    // a trial at half of it, for latency and CPU cost
};

// One line for a trial: human-readable, or a JSON object.
void print_trial(const report_style& style, std::string_view phase, const trial_result& result);
void print_summary(const report_style& style, const rate_search_result& found);

// Searches for the highest sustained rate as `search` says (rate_search.hpp), printing each
// trial as a "probe" (or a "confirm", when it repeats a rate that failed); then runs once at
// half of the rate found. `settings.rate` is ignored.
rate_search_result find_max_rate(load_driver& driver, trial_settings settings, const rate_search_settings& search,
                                 const report_style& style);

}  // namespace udpchat::bench
