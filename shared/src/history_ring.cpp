// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/history_ring.hpp"

namespace udpchat {

void history_ring::record(std::string_view relayed, time_point when) {
  if (slots_.empty()) return;
  entry& slot = slots_[next_];
  slot.relayed.assign(relayed);
  slot.said_at = when;
  next_ = (next_ + 1) % slots_.size();
  if (size_ < slots_.size()) ++size_;
}

const history_ring::entry& history_ring::at(std::size_t i) const {
  // While not yet full the oldest is in slot 0; once full, it is the one written next.
  const std::size_t oldest = size_ < slots_.size() ? 0 : next_;
  return slots_[(oldest + i) % slots_.size()];
}

}  // namespace udpchat
