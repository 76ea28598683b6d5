// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What udpchat-bench sends, as the text of a chat message:
//
//   B <member> <sequence> <sent_ns> xxxx...      padded with 'x' to the message size
//
// <sent_ns> is the sender's CLOCK_MONOTONIC time in nanoseconds; the receiver, on the same
// machine, subtracts it from its own clock for the one-way latency. A receiver finds the body
// after the server's sender label, whatever that label is.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat::bench {

struct bench_message {
  std::uint32_t member;
  std::uint64_t sequence;
  std::uint64_t sent_ns;
};

// Writes the message into `out` (replacing its contents), padded to `size` bytes when the
// fields take fewer.
void format_bench_message(const bench_message& message, std::size_t size, std::string& out);
// The message in a datagram or line as a server relays it, or nullopt for anything else.
std::optional<bench_message> find_bench_message(std::string_view relayed);

}  // namespace udpchat::bench
