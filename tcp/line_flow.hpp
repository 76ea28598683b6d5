// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "flow_gate.hpp"
#include "flow_limits.hpp"
#include "send_rate_limit.hpp"

namespace udpchat {

// A server's flow control, shared by all its connections (see flow_limits.hpp): the limits,
// the budget every peer's lines are paced by, and the gate readers hold while they are behind.
// The server owns it and outlives every connection's pending work. One thread.
struct line_flow {
  explicit line_flow(const flow_limits& settings)
      : limits{settings}, budget{settings.lines_per_second, settings.burst} {}

  flow_limits limits;
  send_rate_limit budget;
  flow_gate gate;
};

}  // namespace udpchat
