#pragma once

#include <asio/ip/udp.hpp>
#include <array>
#include <chrono>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace udpchat {

struct member {
  // "<ip:port>____", built once at join and kept inline: no allocation per member, and every
  // relay copies it as it is.
  std::array<char, 80> relay_prefix_bytes;
  std::uint8_t relay_prefix_size;
  std::chrono::system_clock::time_point joined_at;
  std::chrono::steady_clock::time_point last_heard;
  std::uint64_t join_order;

  std::string_view relay_prefix() const { return {relay_prefix_bytes.data(), relay_prefix_size}; }
  // ip:port or [v6]:port, as the others see it.
  std::string_view address() const;
};

// The hub's members, keyed by the endpoint they send from: one hash lookup per datagram.
class member_table {
 public:
  using endpoint = asio::ip::udp::endpoint;

  // The member at `from`, or nullptr.
  member* find(const endpoint& from);
  // Adds `from` as a member; it must not be one already.
  member& add(const endpoint& from, std::chrono::steady_clock::time_point now);
  void remove(const endpoint& from);

  std::size_t size() const { return members_.size(); }
  const std::unordered_map<endpoint, member>& all() const { return members_; }
  // Members in the order they joined, for people to read.
  std::vector<const member*> in_join_order() const;

 private:
  std::unordered_map<endpoint, member> members_;
  std::uint64_t joins_ = 0;
};

}  // namespace udpchat
