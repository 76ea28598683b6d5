#pragma once

#include <asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace udpchat {

struct member {
  asio::ip::udp::endpoint endpoint;
  std::chrono::system_clock::time_point joined_at;
  std::chrono::steady_clock::time_point last_heard;
  std::uint64_t join_order;
};

// The hub's members: one hash lookup per datagram, and a fan-out that walks one contiguous
// array. A member costs one array slot and one small index node; nothing else is allocated.
// Pointers returned stay valid until the next add or remove.
class member_table {
 public:
  using endpoint = asio::ip::udp::endpoint;

  member* find(const endpoint& from);
  // Adds `from` as a member; it must not be one already.
  member& add(const endpoint& from, std::chrono::steady_clock::time_point now);
  void remove(const endpoint& from);

  std::size_t size() const { return members_.size(); }
  // Every member, in no particular order.
  const std::vector<member>& all() const { return members_; }
  // Members in the order they joined, for people to read.
  std::vector<const member*> in_join_order() const;

 private:
  std::vector<member> members_;
  std::unordered_map<endpoint, std::uint32_t> index_;  // endpoint -> position in members_
  std::uint64_t joins_ = 0;
};

}  // namespace udpchat
