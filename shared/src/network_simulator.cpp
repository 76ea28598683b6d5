// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/network_simulator.hpp"

namespace udpchat {

std::uint32_t scaled_draw(std::uint64_t random, std::uint32_t bound) {
  // random × bound = (high × 2^32 + low) × bound; its top 64 bits without a 128-bit type.
  const std::uint64_t high = random >> 32U;
  const std::uint64_t low = random & 0xFFFF'FFFFU;
  return static_cast<std::uint32_t>((high * bound + ((low * bound) >> 32U)) >> 32U);
}

network_simulator::network_simulator(std::uint64_t seed, network_conditions conditions)
    : seed_{seed}, conditions_{conditions}, generator_{seed} {}

std::chrono::milliseconds network_simulator::jittered(std::uint64_t random) const {
  const auto jitter = static_cast<std::uint32_t>(conditions_.jitter.count());
  // Uniform over delay - jitter .. delay + jitter, both ends included.
  const std::uint32_t offset = scaled_draw(random, 2 * jitter + 1);
  return conditions_.delay - conditions_.jitter + std::chrono::milliseconds{offset};
}

send_decision network_simulator::decide() {
  const std::uint64_t loss_draw = generator_();
  const std::uint64_t reorder_draw = generator_();
  const std::uint64_t duplicate_draw = generator_();
  const std::uint64_t delay_draw = generator_();
  const std::uint64_t copy_delay_draw = generator_();
  send_decision decision;
  decision.lost = scaled_draw(loss_draw, per_million) < conditions_.loss;
  if (decision.lost) return decision;
  decision.delay = jittered(delay_draw);
  decision.reordered = scaled_draw(reorder_draw, per_million) < conditions_.reorder;
  if (decision.reordered) decision.delay += reorder_hold;
  decision.duplicated = scaled_draw(duplicate_draw, per_million) < conditions_.duplicate;
  if (decision.duplicated) decision.copy_delay = jittered(copy_delay_draw);
  return decision;
}

}  // namespace udpchat
