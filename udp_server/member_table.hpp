#pragma once

#include <asio/ip/udp.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace udpchat {

struct member {
  std::string address;       // as shown to others: ip:port or [v6]:port
  std::string relay_prefix;  // "<address>____", built once at join
  std::chrono::system_clock::time_point joined_at;
  std::chrono::steady_clock::time_point last_heard;
  std::uint64_t join_order;
};

// The hub's members, keyed by the endpoint they send from.
class member_table {
 public:
  using endpoint = asio::ip::udp::endpoint;

  // The member at `from`, or nullptr.
  member* find(const endpoint& from);
  // Adds `from` as a member; it must not be one already.
  member& add(const endpoint& from);
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
