// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the TCP servers (the room, the desk) keep one peer's flood from costing anybody else:
// they pace the sender, not the readers. Pure: decisions as functions of time and bytes; the
// connections act on them.
//
// Pacing a sender. Each peer has a budget of lines (the UDP hub's --rate-limit and --burst,
// a token bucket). A peer over its budget is not read from until the budget refills, so what it
// sent waits in its own socket buffers and nothing is lost; it is told once per episode. An
// episode ends when its bucket is full again. A peer held for flood_timeout on end is
// disconnected, as IRC servers do with an "Excess Flood".
//
// Backpressure. While a reader still taking its lines has more than the high-water mark queued,
// nobody is read from: senders' lines wait in their sockets, not in our memory. A reader is
// dropped only when it takes nothing for stall_timeout, stays above the mark for
// over_mark_timeout, or has more than max_queued_bytes it has not taken.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "send_rate_limit.hpp"

namespace udpchat {

struct flow_limits {
  std::uint32_t lines_per_second = 20;  // per peer, on average; 0 for no limit
  std::uint32_t burst = 60;             // lines at once, within the rate
  std::size_t max_queued_bytes = 1024 * 1024;
};

using flow_clock = std::chrono::steady_clock;

// A peer held back by its budget this long without its bucket ever filling again is flooding.
// At the default 20 lines a second that is 1,200 lines beyond the burst: far more than a paste.
inline constexpr std::chrono::seconds flood_timeout{60};
// A reader that takes nothing for this long while lines wait for it is dropped. Until then it
// holds senders back like any reader above the mark: on loopback a reader's system reopens its
// window only a whole 64 KiB segment at a time, so a steady reader can look idle for over a
// second, and relaying past it meanwhile would carry it past max_queued_bytes.
inline constexpr std::chrono::seconds stall_timeout{5};
// A reader above the high-water mark this long without once getting below it is dropped: one
// taking a byte a second must not hold the room to its pace.
inline constexpr std::chrono::seconds over_mark_timeout{10};
// How much unsent data the kernel may hold for a peer (TCP_NOTSENT_LOWAT, tcp(7)). Without it
// Linux takes megabytes for a peer that does not read, and a reader's backlog hides there
// instead of in the queue that backpressure and the limits look at.
inline constexpr int kernel_unsent_bytes = 16 * 1024;
// How often the servers judge their readers.
inline constexpr std::chrono::milliseconds flow_check_period{250};

// Bytes queued for a reader above which senders are held: a quarter of max_queued_bytes, at
// most 64 KiB, so that one round of reads taken before the hold cannot carry a reader past
// max_queued_bytes.
std::size_t high_water_mark(const flow_limits& limits);

// ---- pacing a sender ----

struct pacing_state {
  flow_clock::time_point full_at{};                         // send_rate_limit's state
  std::optional<flow_clock::time_point> over_budget_since;  // the episode, if one is on
};

enum class pacing_verdict { take, hold, flooded };
struct pacing_step {
  pacing_verdict verdict;
  bool episode_began = false;           // hold: the peer is to be told to slow down
  flow_clock::time_point resume_at{};   // hold: when the next line is within budget
};

// Whether the peer's next line is taken now (and charged to its budget), held until resume_at,
// or is the end of a flood.
pacing_step pace_line(const send_rate_limit& budget, pacing_state& state, flow_clock::time_point now);

// The hub notice a peer gets once per episode: "error: slow down: ...".
std::string slow_down_notice(const flow_limits& limits);
// What a flooding peer is told before it is closed, and why it left, for the log and departures.
std::string flood_reply();
std::string flood_reason();

// ---- judging a reader ----

struct reader_state {
  std::size_t queued_bytes = 0;        // queued for it and not yet taken by its socket
  flow_clock::time_point last_progress{};  // when its socket last took bytes, or its queue filled
  std::optional<flow_clock::time_point> over_mark_since;
};

enum class reader_verdict {
  keeps_up,  // at or below the mark
  behind,    // above the mark: senders wait for it
  drop,
};
struct reader_judgement {
  reader_verdict verdict;
  std::string reason;  // drop: why, for the log and the departure
};

reader_judgement judge_reader(const reader_state& reader, const flow_limits& limits, flow_clock::time_point now);

// Keeps over_mark_since up to date after the queue changed.
void note_queue(reader_state& reader, const flow_limits& limits, flow_clock::time_point now);

}  // namespace udpchat
