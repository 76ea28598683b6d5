// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <vector>

namespace udpchat::bench {

// One-way latencies in microsecond buckets up to one second; anything slower lands in the last
// bucket. Fixed memory, whatever the number of samples.
class latency_histogram {
 public:
  latency_histogram();
  void add(std::uint64_t nanoseconds);
  void clear();
  std::uint64_t count() const { return count_; }
  // The latency below which `fraction` of the samples lie, in microseconds (0 when empty).
  std::uint64_t percentile_us(double fraction) const;
  std::uint64_t max_us() const { return max_us_; }

 private:
  static constexpr std::uint64_t bucket_count = 1'000'000;
  std::vector<std::uint32_t> buckets_;
  std::uint64_t count_ = 0;
  std::uint64_t max_us_ = 0;
};

}  // namespace udpchat::bench
