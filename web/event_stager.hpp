// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "event_ring.hpp"

namespace udpchat::web {

// Where a watcher (the hub's, the room's) gathers the events of one wake-up of its thread
// before it hands them to the feed as one batch. Not thread-safe: the watcher's thread only.
class event_stager {
 public:
  // A batch is handed over before the wake-up ends once it holds this much, so one wake-up's
  // fan-out to many members cannot grow it without bound.
  static constexpr std::size_t batch_events_max = 2048;
  static constexpr std::size_t batch_bytes_max = 512 * 1024;

  event_stager() : staged_{std::make_unique<event_batch>()} {}

  // A new event numbered `seq`, stamped now, with `bytes` (at most kept_bytes_max of them
  // kept; the same bytes as the event before are kept once, as a fan-out sends them) and the
  // member's `name`; the caller fills in the rest.
  datagram_event& stage(std::uint64_t seq, const capture_endpoint& peer, const capture_endpoint& hub,
                        std::string_view bytes, std::string_view name);
  bool empty() const { return staged_->events.empty(); }
  bool full() const {
    return staged_->events.size() >= batch_events_max || staged_->bytes.size() >= batch_bytes_max;
  }
  // The event `index` of those staged (not yet taken).
  datagram_event& at(std::size_t index) { return staged_->events[index]; }
  std::size_t size() const { return staged_->events.size(); }
  // The batch staged so far; staging starts again with room for as much.
  std::shared_ptr<const event_batch> take();

 private:
  std::unique_ptr<event_batch> staged_;
};

}  // namespace udpchat::web
