// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The limits a TCP server (the room, the desk) puts on its connections, and the words for
// whoever hits one. Pure: the server does the closing.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "connection_security.hpp"
#include "line_progress.hpp"

namespace udpchat {

struct connection_limits {
  std::size_t max_connections = 1000;  // at least 1
  // A duration of 0 turns its timeout off.
  std::chrono::milliseconds idle_timeout{std::chrono::minutes{30}};  // since the last line
  std::chrono::milliseconds line_timeout{std::chrono::seconds{30}};  // to finish a line begun
  // Plain TCP or TLS. Carried with the limits because every line server takes them from the
  // same command line, through its own options, to its line_server.
  connection_security security;
};

enum class timeout_kind { unfinished_line, silent };

// The timeout a connection with this progress has run out of at `now`, if any. An unfinished
// line is looked at first: it is the more specific complaint.
std::optional<timeout_kind> overdue(const connection_limits& limits, const line_progress& progress,
                                    std::chrono::steady_clock::time_point now);

// The peers of `peers` (a map of id -> something with a `connection`) out of time at `now`,
// collected before any is closed, since closing one makes its owner forget it.
template <typename PeerMap>
std::vector<std::pair<typename PeerMap::key_type, timeout_kind>> out_of_time(
    const PeerMap& peers, const connection_limits& limits, std::chrono::steady_clock::time_point now) {
  std::vector<std::pair<typename PeerMap::key_type, timeout_kind>> late;
  for (const auto& [id, each] : peers) {
    if (const auto kind = overdue(limits, each.connection->progress(), now)) late.emplace_back(id, *kind);
  }
  return late;
}

// How often a server looks for connections out of time: a quarter of the shorter timeout, from
// 50 ms to 5 s, so nobody waits much past a deadline and a long one costs little. 0 when both
// timeouts are off.
std::chrono::milliseconds sweep_period(const connection_limits& limits);

// The text of the hub notice sent before closing: "error: silent for 30m; closing".
std::string timeout_reply(timeout_kind kind, const connection_limits& limits);
// Why the connection ended, for the log and departures: "timed out (silent for 30m)".
std::string timeout_reason(timeout_kind kind, const connection_limits& limits);
// Why a connection past the cap is refused: "the room is full (1000 members)".
std::string full_reason(std::string_view place, const connection_limits& limits, std::string_view noun);
// The text of the hub notice it gets: "error: <reason>; try again later".
std::string full_reply(std::string_view reason);

}  // namespace udpchat
