// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "udpchat/pcap_format.hpp"

namespace udpchat::web {

// The most of one datagram's bytes an event keeps: enough for the dump a person reads.
inline constexpr std::size_t kept_bytes_max = 4096;

// One datagram the hub received or sent, as the web view shows it. The words (kind, verdict,
// fate) point to string literals, so an event can be read on any thread.
struct datagram_event {
  std::uint64_t seq = 0;  // consecutive from 1 over a hub's run
  std::int64_t t_us = 0;  // when the hub received it or queued it, microseconds since the epoch
  bool outbound = false;
  capture_endpoint peer;  // the member's end
  capture_endpoint hub;   // the hub's end
  std::array<char, 24> peer_name{};  // the member's name then, NUL-padded
  const char* kind = "";
  const char* verdict = nullptr;  // inbound, when not used as its kind asks
  const char* fate = nullptr;     // outbound
  std::uint32_t delay_ms = 0;
  std::uint64_t cause = 0;  // seq of the datagram this answers; 0 for none
  std::uint32_t size = 0;   // UDP payload bytes
  std::uint32_t bytes_at = 0;  // where its kept bytes start in its batch
  std::uint32_t kept = 0;      // at most kept_bytes_max
  // internet_sum of the whole datagram, for its UDP checksum when not all of it was kept.
  std::uint64_t datagram_sum = 0;

  std::string_view name() const;
};

// Events handed over together, with the bytes they keep. Immutable once handed over: the ring
// and the viewers reading it share it.
struct event_batch {
  std::vector<datagram_event> events;  // consecutive seqs
  std::string bytes;
  std::string_view bytes_of(const datagram_event& event) const { return {bytes.data() + event.bytes_at, event.kept}; }
};

// A run of events in one batch: events[begin, end).
struct event_slice {
  std::shared_ptr<const event_batch> batch;
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The recent events, bounded both in count (max_events) and in the bytes their batches hold
// (max_bytes, give or take one batch): the oldest go first. Not thread-safe: its owner locks.
class event_ring {
 public:
  event_ring(std::size_t max_events, std::size_t max_bytes);

  // Adds a batch whose first seq is next_seq(), or the first batch of all.
  void push(std::shared_ptr<const event_batch> batch);
  // The seq the next event will have: one past the newest. 1 while empty.
  std::uint64_t next_seq() const { return next_seq_; }
  // The oldest seq held, next_seq() when empty.
  std::uint64_t first_seq() const;
  std::size_t size() const { return static_cast<std::size_t>(next_seq_ - first_seq()); }
  std::size_t capacity() const { return max_events_; }
  // At most `limit` events from seq `from` on (from at least first_seq()), oldest first.
  std::vector<event_slice> read(std::uint64_t from, std::size_t limit) const;
  // The event `seq`, as a slice of one, or an empty slice if it is not held.
  event_slice find(std::uint64_t seq) const;

 private:
  void evict_one();

  std::size_t max_events_;
  std::size_t max_bytes_;
  std::deque<std::shared_ptr<const event_batch>> batches_;
  std::size_t first_index_ = 0;  // the first live event of batches_.front()
  std::size_t bytes_ = 0;        // bytes held by batches_
  std::uint64_t next_seq_ = 1;
};

}  // namespace udpchat::web
