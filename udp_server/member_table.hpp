// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/udp.hpp>
#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace udpchat {

struct member {
  // First, together, what a fan-out reads and writes for every member: 48 bytes, in one or two
  // cache lines of a member rather than three. At 100 members a relay touches them a hundred
  // times; spread over three lines, they made the hub measurably slower (BENCHMARKS.md).
  asio::ip::udp::endpoint endpoint;
  // Datagrams sent to it since it was last heard from: what bounds reflection.
  std::uint32_t unheard = 0;
  // What the hub sent to it and received from it, for the web view: datagrams and UDP payload
  // bytes.
  std::uint64_t datagrams_out = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t datagrams_in = 0;
  std::uint64_t bytes_in = 0;
  std::chrono::system_clock::time_point joined_at;
  // Anything from it, keepalives (empty datagrams) too: what keeps it a member.
  std::chrono::steady_clock::time_point last_heard;
  // Its last message or command, not a keepalive: what /who shows as idle time.
  std::chrono::steady_clock::time_point last_said;
  std::chrono::steady_clock::time_point rate_full_at;  // send_rate_limit's state
  std::chrono::steady_clock::time_point warned_at;     // last "slow down" notice
  std::uint64_t join_order = 0;
  std::string name;  // chosen with /nick; empty until then
  // How relays and notices name it: "ann (192.0.2.7:5000)", or the address alone before a
  // /nick (member_name.hpp). Kept by the hub, written when it joins and when it is renamed, so
  // that a relay copies it instead of formatting the address again.
  std::string label;
  // The hub's address it last sent to, which everything for it is sent from; unspecified when
  // the system does not say.
  asio::ip::address local_address;
  bool spoke = false;  // has had a message relayed, so the others know of it
};

// Where a member comes from, for the per-source bound: the IPv4 address, or the /64 of an IPv6
// one (a single host usually holds a whole /64). A link-local /64 (fe80::/64, RFC 4291 2.5.6)
// is the same on every link, so for it the link (the address's scope id, its interface) is
// part of the key. An IPv4 address reaching a dual-stack socket (::ffff:a.b.c.d) is that IPv4
// address.
struct source_key {
  std::array<unsigned char, 16> bytes{};
  bool operator==(const source_key&) const = default;
};
source_key source_of(const asio::ip::udp::endpoint& from);

struct source_key_hash {
  std::size_t operator()(const source_key& key) const;
};

// Endpoints hashed and compared as the system wrote them (family, port, address bytes, and the
// scope id of an IPv6 one). asio's own hash and equality build an address object per endpoint
// for each comparison, and the hub looks one up per datagram.
struct endpoint_hash {
  std::size_t operator()(const asio::ip::udp::endpoint& endpoint) const noexcept;
};
struct endpoint_equal {
  bool operator()(const asio::ip::udp::endpoint& a, const asio::ip::udp::endpoint& b) const noexcept;
};

// What the hub keeps per source address.
struct source_state {
  std::uint32_t members = 0;
  std::chrono::steady_clock::time_point joins_full_at{};  // send_rate_limit's state, for joins
};

// The hub's members: one hash lookup per datagram, and a fan-out that walks one contiguous
// array. A member costs one array slot and one small index node; nothing else is allocated.
// Pointers returned stay valid until the next add or remove.
class member_table {
 public:
  using endpoint = asio::ip::udp::endpoint;

  // Room for `members` without moving the array as they join: growing by doubling leaves
  // every smaller array behind in the allocator, about as much memory again as the members
  // take. Pages of the room are only made resident as members fill them. (The index is left
  // to grow: its buckets are zeroed when made, so reserving them would make them resident.)
  void reserve(std::size_t members);
  member* find(const endpoint& from);
  // Adds `from` as a member; it must not be one already.
  member& add(const endpoint& from, std::chrono::steady_clock::time_point now);
  void remove(const endpoint& from);

  std::size_t size() const { return members_.size(); }
  // The state of `from`'s source (see source_key), made on first use. An entry stays after its
  // last member leaves, so leaving and coming back does not refill its join budget, until
  // forget_settled_sources() finds the budget full again.
  source_state& source(const endpoint& from);
  void forget_settled_sources(std::chrono::steady_clock::time_point now);
  // Every member, in no particular order.
  std::vector<member>& all() { return members_; }
  const std::vector<member>& all() const { return members_; }
  // Members in the order they joined, for people to read.
  std::vector<const member*> in_join_order() const;

 private:
  std::vector<member> members_;
  std::unordered_map<endpoint, std::uint32_t, endpoint_hash, endpoint_equal> index_;  // -> place in members_
  std::unordered_map<source_key, source_state, source_key_hash> per_source_;
  std::uint64_t joins_ = 0;
};

}  // namespace udpchat
