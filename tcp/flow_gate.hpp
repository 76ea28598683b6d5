// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace udpchat {

// Backpressure for one server: while anything holds the gate (a reader above its high-water
// mark, an agent's console behind), no peer is read from. Peers that found it held wait, and
// are resumed in the order they came once the last hold is released; each looks at the gate
// again before it reads, so what is read while a hold is on is at most one read per peer. One
// thread.
class flow_gate {
 public:
  bool open() const { return holds_ == 0; }
  // One more reason to hold; each hold() is matched by one release().
  void hold() { ++holds_; }
  void release();
  // Runs `resume` when the gate opens, from within the release() that opens it (so `resume`
  // should only schedule work); at once if it is open.
  void when_open(std::function<void()> resume);

 private:
  std::size_t holds_ = 0;
  std::vector<std::function<void()>> waiting_;
};

}  // namespace udpchat
