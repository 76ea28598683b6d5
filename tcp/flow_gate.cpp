// SPDX-License-Identifier: GPL-3.0-or-later
#include "flow_gate.hpp"

#include <utility>

namespace udpchat {

void flow_gate::release() {
  if (holds_ > 0) --holds_;
  if (!open()) return;
  // Resuming only arms a wait for input: each peer looks at the gate again before it reads.
  std::vector<std::function<void()>> resuming;
  resuming.swap(waiting_);
  for (auto& resume : resuming) resume();
}

void flow_gate::when_open(std::function<void()> resume) {
  if (open()) {
    resume();
    return;
  }
  waiting_.push_back(std::move(resume));
}

}  // namespace udpchat
