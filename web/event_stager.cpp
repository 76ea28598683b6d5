// SPDX-License-Identifier: GPL-3.0-or-later
#include "event_stager.hpp"

#include <algorithm>
#include <chrono>

namespace udpchat::web {

datagram_event& event_stager::stage(std::uint64_t seq, const capture_endpoint& peer, const capture_endpoint& hub,
                                    std::string_view bytes, std::string_view name) {
  auto& events = staged_->events;
  auto& kept_bytes = staged_->bytes;
  const std::size_t kept = std::min(bytes.size(), kept_bytes_max);
  datagram_event& event = events.emplace_back();
  event.seq = seq;
  event.t_us =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  event.peer = peer;
  event.hub = hub;
  // std::copy, not memcpy: an empty name may have no data pointer at all.
  std::copy_n(name.begin(), std::min(name.size(), event.peer_name.size()), event.peer_name.begin());
  event.size = static_cast<std::uint32_t>(bytes.size());
  event.kept = static_cast<std::uint32_t>(kept);
  // A fan-out sends the same bytes to many: they are kept once.
  if (events.size() > 1) {
    const datagram_event& before = events[events.size() - 2];
    if (before.size == event.size && before.kept == kept &&
        std::equal(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(kept),
                   kept_bytes.begin() + before.bytes_at)) {
      event.bytes_at = before.bytes_at;
      event.datagram_sum = before.datagram_sum;
      return event;
    }
  }
  event.bytes_at = static_cast<std::uint32_t>(kept_bytes.size());
  kept_bytes.append(bytes.substr(0, kept));
  if (kept < bytes.size()) event.datagram_sum = internet_sum(bytes);
  return event;
}

std::shared_ptr<const event_batch> event_stager::take() {
  // The next batch starts with room for as much as this one held: a busy server's batches are
  // alike, and growing one event at a time would copy each batch many times over.
  const std::size_t events_held = staged_->events.size();
  const std::size_t bytes_held = staged_->bytes.size();
  std::shared_ptr<const event_batch> batch = std::move(staged_);
  staged_ = std::make_unique<event_batch>();
  staged_->events.reserve(events_held);
  staged_->bytes.reserve(bytes_held);
  return batch;
}

}  // namespace udpchat::web
