// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the network simulator does to one datagram, decided from a seeded generator: the same
// seed and the same sequence of datagrams (and of changes to the conditions) give the same
// decisions on every platform.
//
// Per datagram, in this order (the semantics follow netem's, see tc-netem(8), simplified):
//   loss       the datagram is dropped, and nothing else happens to it;
//   delay      it leaves delay ± jitter ms later (uniform, whole milliseconds);
//   reorder    it leaves reorder_hold (100 ms) later still, so datagrams sent after it within
//              that time overtake it, even without --delay;
//   duplicate  one extra copy leaves too, after its own delay ± jitter (not reordered).
// Five numbers are drawn for every datagram whatever the conditions, so that turning one
// condition on does not change which datagrams another picks.
//
// The generator is std::mt19937_64, whose output the C++ standard fixes; its numbers are
// mapped to ranges here (the standard's distributions may differ between libraries).

#include <chrono>
#include <cstdint>
#include <random>

#include "udpchat/network_conditions.hpp"

namespace udpchat {

struct send_decision {
  bool lost = false;
  std::chrono::milliseconds delay{0};  // how late the datagram leaves (0 at once)
  bool reordered = false;              // delay includes reorder_hold
  bool duplicated = false;
  std::chrono::milliseconds copy_delay{0};  // how late the copy leaves, if duplicated
};

class network_simulator {
 public:
  explicit network_simulator(std::uint64_t seed, network_conditions conditions = {});

  const network_conditions& conditions() const { return conditions_; }
  // New conditions apply from the next decision on; the generator goes on where it was.
  void set(const network_conditions& conditions) { conditions_ = conditions; }
  std::uint64_t seed() const { return seed_; }
  // The next datagram's fate.
  send_decision decide();

 private:
  std::chrono::milliseconds jittered(std::uint64_t random) const;

  std::uint64_t seed_;
  network_conditions conditions_;
  std::mt19937_64 generator_;
};

// A number in [0, bound) from one 64-bit draw: floor(random × bound / 2^64), in integers.
std::uint32_t scaled_draw(std::uint64_t random, std::uint32_t bound);

}  // namespace udpchat
