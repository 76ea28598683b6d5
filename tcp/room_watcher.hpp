// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat {

// What the room made of a line a member sent: text is a message or a command (/nick, /who), an
// empty line a keepalive, "quit" a departure (datagram_codec.hpp's rules, as the hub's).
enum class line_use { message, command, keepalive, departure };

// What the room sends: a relay of a member's line, a departure (<who>____<why>____qq), the
// welcome, or another hub____ notice (joins, renames, errors, /who's answer, goodbye).
enum class room_line_kind { message, departure, welcome, notice };

// A member as a watcher lists it.
struct room_member_facts {
  asio::ip::tcp::endpoint address;
  std::string name;  // "" until /nick
  std::chrono::system_clock::time_point joined_at;
  std::chrono::steady_clock::time_point last_said;  // its last message or command
  std::chrono::steady_clock::time_point last_heard;  // its last line of any kind
  std::uint64_t lines_in = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t lines_out = 0;
  std::uint64_t bytes_out = 0;
};

// Something that watches the TCP room's lines, such as the web view. It is told, on the room's
// thread and in the order the room handles them, of every line a member sends and every line
// the room queues for a member. It must return at once: no I/O, no waiting, so the room's pace
// is never a watcher's.
class room_watcher {
 public:
  // Numbers the lines received, so that what is sent in answer can name its cause; 0 for none
  // (a join, a timeout, the room closing).
  using event_id = std::uint64_t;

  virtual ~room_watcher() = default;

  // `line` (as it came over the wire, with its ending) from the member at `from` (called `name`
  // or "") arrived at the room's end `local`. Returns its id.
  virtual event_id received(const asio::ip::tcp::endpoint& from, const asio::ip::tcp::endpoint& local,
                            std::string_view line, line_use use, std::string_view name) = 0;
  // The line `id`, the last received, was a message too long to relay.
  virtual void too_long(event_id id) = 0;
  // The room queued `line` (ending in '\n') for the member at `to` (called `name`, or ""), from
  // its end `local`, in answer to the line `cause`.
  virtual void sent(const asio::ip::tcp::endpoint& to, const asio::ip::tcp::endpoint& local, std::string_view line,
                    room_line_kind kind, event_id cause, std::string_view name) = 0;
  // The member stops being one, for `why` ("left", "timed out (silent for 30m)", ...).
  virtual void departed(const room_member_facts& leaver, std::string_view why) = 0;
  // The room is closing: what it sends now is its last. A watcher stops its timers here.
  virtual void closing() {}
};

}  // namespace udpchat
