// SPDX-License-Identifier: GPL-3.0-or-later
#include "rate_search.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <vector>

namespace udpchat::bench {
namespace {

struct search_run {
  double found = 0;
  std::vector<double> rates;  // every trial's rate, in order
};

// Runs a search to its end against `sustains`, which says how a trial at a rate turns out.
search_run run_search(const rate_search_settings& settings, const std::function<bool(double)>& sustains) {
  rate_search search{settings};
  search_run run;
  while (const auto rate = search.next_rate()) {
    run.rates.push_back(*rate);
    search.record(sustains(*rate));
    EXPECT_LT(run.rates.size(), 1000U) << "the search does not end";
    if (run.rates.size() >= 1000U) break;
  }
  EXPECT_EQ(search.trials(), static_cast<int>(run.rates.size()));
  run.found = search.highest_sustained();
  return run;
}

TEST(RateSearchTest, DoublesThenNarrowsToWithinThePrecision) {
  const auto run = run_search({.start_rate = 1000, .precision = 1.03}, [](double rate) { return rate <= 5000; });
  ASSERT_GE(run.rates.size(), 4U);
  EXPECT_EQ(run.rates[0], 1000);
  EXPECT_EQ(run.rates[1], 2000);
  EXPECT_EQ(run.rates[2], 4000);
  EXPECT_EQ(run.rates[3], 8000);
  EXPECT_LE(run.found, 5000);
  EXPECT_GT(run.found * 1.03, 5000);
}

TEST(RateSearchTest, HalvesWhenTheFirstRateFails) {
  const auto run = run_search({.start_rate = 1000, .precision = 1.07}, [](double rate) { return rate <= 300; });
  ASSERT_GE(run.rates.size(), 3U);
  EXPECT_EQ(run.rates[1], 500);
  EXPECT_EQ(run.rates[2], 250);
  EXPECT_LE(run.found, 300);
  EXPECT_GT(run.found * 1.07, 300);
}

TEST(RateSearchTest, FindsNothingWhenNoRateIsSustainedAndStopsAtTheLimit) {
  const auto run = run_search({.start_rate = 1000, .max_rates = 16}, [](double) { return false; });
  EXPECT_EQ(run.found, 0);
  EXPECT_EQ(run.rates.size(), 16U);
}

TEST(RateSearchTest, StopsAtTheLimitOfRatesWhenEveryRateIsSustained) {
  const auto run = run_search({.start_rate = 100, .max_rates = 5}, [](double) { return true; });
  EXPECT_EQ(run.rates, (std::vector<double>{100, 200, 400, 800, 1600}));
  EXPECT_EQ(run.found, 1600);
}

// The reason for confirmation: without it, one bad trial caps the search at half of the truth.
TEST(RateSearchTest, OneFailedTrialCapsASearchWithoutConfirmation) {
  int trial = 0;
  const auto sustains_but_for_one_pause = [&trial](double rate) { return ++trial != 3 && rate <= 5000; };
  EXPECT_LT(run_search({.start_rate = 1000}, sustains_but_for_one_pause).found, 4000);
  trial = 0;
  const auto confirmed = run_search({.start_rate = 1000, .confirm = 2}, sustains_but_for_one_pause);
  EXPECT_GT(confirmed.found * 1.07, 5000);
  EXPECT_LE(confirmed.found, 5000);
  // The failed trial at 4000 was run once more, and passed.
  EXPECT_EQ(confirmed.rates[2], 4000);
  EXPECT_EQ(confirmed.rates[3], 4000);
  EXPECT_EQ(confirmed.rates[4], 8000);
}

TEST(RateSearchTest, AFailureIsBelievedAfterEveryConfirmationFails) {
  const auto run = run_search({.start_rate = 1000, .precision = 1.5, .confirm = 3}, [](double rate) { return rate <= 1500; });
  // 1000 passes, 2000 fails four times, then the search narrows between them.
  ASSERT_GE(run.rates.size(), 6U);
  EXPECT_EQ(run.rates[0], 1000);
  for (std::size_t i = 1; i <= 4; ++i) EXPECT_EQ(run.rates[i], 2000) << i;
  EXPECT_NEAR(run.rates[5], 1414.2, 0.1);
  EXPECT_NEAR(run.found, 1414.2, 0.1);
}

TEST(RateSearchTest, SaysWhenTheNextTrialConfirmsAFailure) {
  rate_search search{{.start_rate = 1000, .confirm = 1}};
  EXPECT_FALSE(search.confirming());
  search.record(false);
  EXPECT_TRUE(search.confirming());
  EXPECT_EQ(search.next_rate(), 1000);
  search.record(false);
  EXPECT_FALSE(search.confirming());
  EXPECT_EQ(search.next_rate(), 500);
}

TEST(RateSearchTest, ConfirmationsDoNotCountAsRatesTried) {
  const auto run = run_search({.start_rate = 1000, .confirm = 2, .max_rates = 3}, [](double) { return false; });
  EXPECT_EQ(run.rates, (std::vector<double>{1000, 1000, 1000, 500, 500, 500, 250, 250, 250}));
}

}  // namespace
}  // namespace udpchat::bench
