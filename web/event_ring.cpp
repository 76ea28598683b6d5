// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_ring.hpp"

#include <algorithm>
#include <cstring>

namespace udpchat::web {

std::string_view datagram_event::name() const {
  return {peer_name.data(), ::strnlen(peer_name.data(), peer_name.size())};
}

event_ring::event_ring(std::size_t max_events, std::size_t max_bytes)
    : max_events_{std::max<std::size_t>(max_events, 1)}, max_bytes_{max_bytes} {}

std::uint64_t event_ring::first_seq() const {
  if (batches_.empty()) return next_seq_;
  return batches_.front()->events[first_index_].seq;
}

void event_ring::push(std::shared_ptr<const event_batch> batch) {
  if (!batch || batch->events.empty()) return;
  bytes_ += batch->bytes.size();
  next_seq_ = batch->events.back().seq + 1;
  batches_.push_back(std::move(batch));
  while (size() > max_events_) evict_one();
  // A batch's bytes go with its last event; the newest batch stays, whatever its size.
  while (bytes_ > max_bytes_ && batches_.size() > 1) {
    bytes_ -= batches_.front()->bytes.size();
    batches_.pop_front();
    first_index_ = 0;
  }
}

void event_ring::evict_one() {
  if (++first_index_ < batches_.front()->events.size()) return;
  bytes_ -= batches_.front()->bytes.size();
  batches_.pop_front();
  first_index_ = 0;
}

std::vector<event_slice> event_ring::read(std::uint64_t from, std::size_t limit) const {
  std::vector<event_slice> slices;
  from = std::max(from, first_seq());
  for (std::size_t i = 0; i < batches_.size() && limit > 0; ++i) {
    const auto& batch = batches_[i];
    const std::uint64_t batch_first = batch->events.front().seq;
    const std::uint64_t batch_end = batch->events.back().seq + 1;
    if (batch_end <= from) continue;
    const auto begin = static_cast<std::size_t>(std::max(from, batch_first) - batch_first);
    const std::size_t end = std::min(batch->events.size(), begin + limit);
    slices.push_back({batch, begin, end});
    limit -= end - begin;
    from = batch_first + end;
  }
  return slices;
}

event_slice event_ring::find(std::uint64_t seq) const {
  if (seq < first_seq() || seq >= next_seq_) return {};
  // Batches are in seq order: the last one starting at or before seq holds it.
  const auto after = std::upper_bound(batches_.begin(), batches_.end(), seq,
                                      [](std::uint64_t wanted, const std::shared_ptr<const event_batch>& batch) {
                                        return wanted < batch->events.front().seq;
                                      });
  const auto& batch = *std::prev(after);
  const auto index = static_cast<std::size_t>(seq - batch->events.front().seq);
  return {batch, index, index + 1};
}

}  // namespace udpchat::web
