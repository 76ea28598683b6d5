// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The last messages a server relayed, with the time of each, for replay to a newcomer
// (--history N of udpchat-server and udpchat-room).

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat {

// Holds the last `capacity` messages recorded, oldest first. Its slots are strings made once
// and reused: a slot keeps its buffer when a shorter message replaces a longer one, so once
// messages are no longer than those before them, recording copies bytes and allocates nothing.
// A capacity of 0 keeps nothing.
class history_ring {
 public:
  using time_point = std::chrono::system_clock::time_point;
  struct entry {
    std::string relayed;  // <sender>____<text>, as relayed
    time_point said_at;
  };

  explicit history_ring(std::size_t capacity) : slots_(capacity) {}

  std::size_t capacity() const { return slots_.size(); }
  std::size_t size() const { return size_; }
  // Keeps `relayed`, said at `when`, forgetting the oldest when full.
  void record(std::string_view relayed, time_point when);
  // The i-th kept message, 0 the oldest; i < size().
  const entry& at(std::size_t i) const;

 private:
  std::vector<entry> slots_;
  std::size_t next_ = 0;  // the slot the next record goes to
  std::size_t size_ = 0;
};

}  // namespace udpchat
