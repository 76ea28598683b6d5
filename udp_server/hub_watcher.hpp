// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "udpchat/network_conditions.hpp"

namespace udpchat {

struct member;

// What the hub made of a datagram it received, by the seed's rules (datagram_codec.hpp): text
// is a message or a command (/nick, /who), an empty datagram a keepalive, "quit" a departure.
enum class inbound_use { message, command, keepalive, departure };

// Why a received datagram was not used as its kind asks.
enum class inbound_verdict {
  refused,          // its sender was not let in (a limit on newcomers)
  over_rate_limit,  // a member's message beyond its rate limit
  too_long,         // a message whose relay would not fit in one datagram
  not_a_member,     // "quit" from an address that is not a member
};

// What the hub sends: a relay of a member's message, a departure (<who>____<why>____qq), the
// welcome, another hub____ notice, or the reply to a newcomer that was turned away.
enum class outbound_kind { message, departure, welcome, notice, refused };

// What became of a datagram the hub sent. Everything but `sent` is the network simulator's
// doing (--loss, --delay, --duplicate, --reorder): `lost` never reached the wire, `delayed` and
// `reordered` went out late, `duplicate` is an extra copy, `overflow` was dropped because the
// queue of delayed datagrams was full.
enum class send_fate { sent, lost, delayed, duplicate, reordered, overflow };

// Something that watches the hub's traffic, such as the web view. It is told of every datagram
// in and out, on the hub's thread, in the order the hub handles them. It must return at once:
// it does no I/O and never waits on this thread, so the hub's pace is never a watcher's.
class hub_watcher {
 public:
  // Numbers the datagrams received, so that what is sent in answer can name its cause; 0 for
  // none (a sweep's timeouts, the hub closing).
  using event_id = std::uint64_t;

  virtual ~hub_watcher() = default;

  // A datagram from `from` (a member called `name`, or "" when it has no name or is not a
  // member yet) arrived at the hub's end `local`. Returns its id.
  virtual event_id received(const asio::ip::udp::endpoint& from, const asio::ip::udp::endpoint& local,
                            std::string_view datagram, inbound_use use, std::string_view name) = 0;
  // The datagram `id`, the last one received, was not used as its kind asks.
  virtual void judged(event_id id, inbound_verdict verdict) = 0;
  // The hub sent `datagram` from its end `local` to `to` (called `name`, or ""), in answer to
  // the datagram `cause`. `delay` is how late the simulator let it leave (zero unless
  // delayed, reordered or duplicated).
  virtual void sent(const asio::ip::udp::endpoint& to, const asio::ip::udp::endpoint& local,
                    std::string_view datagram, outbound_kind kind, send_fate fate,
                    std::chrono::milliseconds delay, event_id cause, std::string_view name) = 0;
  // `leaver` stops being a member, for `why` ("left", "timed out (silent for 10m)", "closing").
  virtual void departed(const member& leaver, std::string_view why) = 0;
  // The network conditions changed at the console (not called for those set at start, which
  // the hub's conditions() gives); `seed` is the simulator's, which does not change.
  virtual void conditions_changed(const network_conditions& /*now*/, std::uint64_t /*seed*/) {}
  // The hub is closing: what it sends now is its last. A watcher stops its timers here, so
  // the io_context can run out of work.
  virtual void closing() {}
};

}  // namespace udpchat
