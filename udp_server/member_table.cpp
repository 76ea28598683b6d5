// SPDX-License-Identifier: GPL-3.0-or-later
#include "member_table.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace udpchat {

source_key source_of(const asio::ip::udp::endpoint& from) {
  source_key key;
  const auto address = from.address();
  if (address.is_v6() && !address.to_v6().is_v4_mapped()) {
    const auto bytes = address.to_v6().to_bytes();
    std::copy_n(bytes.begin(), 8, key.bytes.begin());
    // fe80::/64 is on every link: its hosts are told apart by the link they are on.
    if (address.to_v6().is_link_local()) {
      const auto scope = static_cast<std::uint32_t>(address.to_v6().scope_id());
      std::memcpy(key.bytes.data() + 8, &scope, sizeof scope);
    }
    key.bytes[15] = 6;  // keeps a /64 apart from any IPv4 address
  } else {
    const auto v4 = address.is_v6() ? asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6())
                                    : address.to_v4();
    const auto bytes = v4.to_bytes();
    std::copy(bytes.begin(), bytes.end(), key.bytes.begin());
  }
  return key;
}

std::size_t source_key_hash::operator()(const source_key& key) const {
  return std::hash<std::string_view>{}(
      std::string_view{reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size()});
}

namespace {

using v4_socket_address = asio::detail::sockaddr_in4_type;
using v6_socket_address = asio::detail::sockaddr_in6_type;

bool is_v4(const asio::ip::udp::endpoint& endpoint) {
  return endpoint.protocol().family() == asio::ip::udp::v4().family();
}

template <typename SocketAddress>
SocketAddress socket_address_of(const asio::ip::udp::endpoint& endpoint) {
  SocketAddress address;
  std::memcpy(&address, endpoint.data(), sizeof address);
  return address;
}

}  // namespace

std::size_t endpoint_hash::operator()(const asio::ip::udp::endpoint& endpoint) const noexcept {
  // Multiplying by 2^64 / golden ratio (Knuth, TAOCP vol. 3, 6.4) spreads the bits of the port
  // and address over the word the table reduces.
  constexpr std::uint64_t spread = 0x9E3779B97F4A7C15U;
  std::uint64_t mixed = endpoint.port();
  if (is_v4(endpoint)) {
    const auto address = socket_address_of<v4_socket_address>(endpoint);
    std::uint32_t bytes = 0;
    std::memcpy(&bytes, &address.sin_addr, sizeof bytes);
    mixed = (mixed << 32U | bytes) * spread;
  } else {
    const auto address = socket_address_of<v6_socket_address>(endpoint);
    std::uint64_t halves[2] = {};
    std::memcpy(halves, &address.sin6_addr, sizeof halves);
    mixed = ((mixed << 32U | address.sin6_scope_id) * spread ^ halves[0]) * spread ^ halves[1];
    mixed *= spread;
  }
  return static_cast<std::size_t>(mixed ^ (mixed >> 32U));
}

bool endpoint_equal::operator()(const asio::ip::udp::endpoint& a, const asio::ip::udp::endpoint& b) const noexcept {
  if (is_v4(a) != is_v4(b) || a.port() != b.port()) return false;
  if (is_v4(a)) {
    const auto first = socket_address_of<v4_socket_address>(a);
    const auto second = socket_address_of<v4_socket_address>(b);
    return std::memcmp(&first.sin_addr, &second.sin_addr, sizeof first.sin_addr) == 0;
  }
  const auto first = socket_address_of<v6_socket_address>(a);
  const auto second = socket_address_of<v6_socket_address>(b);
  return first.sin6_scope_id == second.sin6_scope_id &&
         std::memcmp(&first.sin6_addr, &second.sin6_addr, sizeof first.sin6_addr) == 0;
}

member* member_table::find(const endpoint& from) {
  const auto found = index_.find(from);
  return found == index_.end() ? nullptr : &members_[found->second];
}

void member_table::reserve(std::size_t members) {
  members_.reserve(members);
}

member& member_table::add(const endpoint& from, std::chrono::steady_clock::time_point now) {
  index_.emplace(from, static_cast<std::uint32_t>(members_.size()));
  ++per_source_[source_of(from)].members;
  member& added = members_.emplace_back();
  added.endpoint = from;
  added.joined_at = std::chrono::system_clock::now();
  added.last_heard = added.last_said = added.rate_full_at = now;
  added.join_order = joins_++;
  return added;
}

void member_table::remove(const endpoint& from) {
  const auto found = index_.find(from);
  if (found == index_.end()) return;
  const std::uint32_t position = found->second;
  index_.erase(found);
  const auto source = per_source_.find(source_of(from));
  if (source != per_source_.end() && source->second.members > 0) --source->second.members;
  // The last member takes the leaver's slot, so the array stays dense.
  if (position + 1 != members_.size()) {
    members_[position] = std::move(members_.back());
    index_[members_[position].endpoint] = position;
  }
  members_.pop_back();
}

source_state& member_table::source(const endpoint& from) { return per_source_[source_of(from)]; }

void member_table::forget_settled_sources(std::chrono::steady_clock::time_point now) {
  std::erase_if(per_source_, [now](const auto& entry) {
    return entry.second.members == 0 && entry.second.joins_full_at <= now;
  });
}

std::vector<const member*> member_table::in_join_order() const {
  std::vector<const member*> ordered;
  ordered.reserve(members_.size());
  for (const auto& each : members_) ordered.push_back(&each);
  std::sort(ordered.begin(), ordered.end(),
            [](const member* a, const member* b) { return a->join_order < b->join_order; });
  return ordered;
}

}  // namespace udpchat
