// SPDX-License-Identifier: GPL-3.0-or-later
#include "latency_histogram.hpp"

#include <algorithm>
#include <cmath>

namespace udpchat::bench {

latency_histogram::latency_histogram() : buckets_(bucket_count, 0) {}

void latency_histogram::add(std::uint64_t nanoseconds) {
  const std::uint64_t us = nanoseconds / 1000;
  ++buckets_[std::min(us, bucket_count - 1)];
  ++count_;
  max_us_ = std::max(max_us_, us);
}

void latency_histogram::clear() {
  std::fill(buckets_.begin(), buckets_.end(), 0U);
  count_ = 0;
  max_us_ = 0;
}

std::uint64_t latency_histogram::percentile_us(double fraction) const {
  if (count_ == 0) return 0;
  const auto wanted = static_cast<std::uint64_t>(std::ceil(fraction * static_cast<double>(count_)));
  std::uint64_t seen = 0;
  for (std::uint64_t us = 0; us < bucket_count; ++us) {
    seen += buckets_[us];
    if (seen >= wanted && seen > 0) return us;
  }
  return bucket_count - 1;
}

}  // namespace udpchat::bench
