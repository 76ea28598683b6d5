// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

namespace udpchat::bench {

struct rate_search_settings {
  double start_rate = 1000;  // messages per second of the first trial; more than 0
  // The search ends once the lowest failing rate is less than this factor above the highest
  // sustained one; more than 1.
  double precision = 1.07;
  // A rate whose trial fails is tried up to this many more times, and counts as failing only if
  // every try fails. On a shared or virtual machine one pause makes a trial fail that the hub
  // would carry; without confirmation that one trial caps the whole search.
  int confirm = 0;
  // Distinct rates tried at most, so a search makes at most max_rates × (1 + confirm) trials.
  int max_rates = 16;
};

// The highest sustained rate, found as a sequence of trials: the rate doubles until a trial
// fails, then the gap between the highest sustained and the lowest failing rate is narrowed
// geometrically (each next rate is their geometric mean) until it is within the precision.
// No trial is run here: the caller asks next_rate(), runs a trial at it, and records whether the
// trial was sustained. The settings are taken as given; the caller checks their ranges.
class rate_search {
 public:
  explicit rate_search(const rate_search_settings& settings);

  // The rate of the next trial, messages per second; nullopt once the search has ended.
  std::optional<double> next_rate() const;
  // Whether the trial at next_rate() was sustained. Ignored once the search has ended.
  void record(bool sustained);
  // Whether the next trial repeats a rate that just failed, to confirm the failure.
  bool confirming() const { return failures_here_ > 0; }
  // The highest rate a trial sustained, messages per second; 0 when none did.
  double highest_sustained() const { return good_; }
  // Trials recorded so far, confirmations included.
  int trials() const { return trials_; }

 private:
  void move_on();

  rate_search_settings settings_;
  double rate_;
  double good_ = 0;
  double bad_ = 0;  // 0 until a rate has failed
  int rates_tried_ = 0;
  int failures_here_ = 0;
  int trials_ = 0;
  bool done_ = false;
};

}  // namespace udpchat::bench
