// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The reference hub's members (reference_hub.hpp): a contiguous array that a relay walks from
// start to end, and an open-addressing index (linear probing, power-of-two size, at most half
// full) that finds a sender in one or two probes. Pure bookkeeping: addresses are the
// sockaddr bytes recvmmsg(2) wrote, compared byte for byte, which is exact because Linux zeroes
// sin_zero and sin6_flowinfo of the addresses it reports.

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace udpchat::bench {

struct reference_member {
  // Big enough for sockaddr_in and sockaddr_in6; handed to sendmmsg(2) as msg_name as it is.
  sockaddr_in6 address{};
  socklen_t address_size = 0;
  std::uint8_t prefix_size = 0;
  // "<ip>:<port>____" or "[<ip>]:<port>____", written once at join so that a relay only copies
  // it: the longest endpoint text (endpoint_text.hpp, 70 bytes) and the separator.
  std::array<char, 80> prefix{};

  std::string_view prefix_text() const { return {prefix.data(), prefix_size}; }
};

class reference_members {
 public:
  static constexpr std::size_t none = SIZE_MAX;

  reference_members();

  // The position of the member sending from `address` (`size` bytes), or none.
  std::size_t find(const sockaddr* address, socklen_t size) const;
  // Adds a member that find() does not know; returns its position. `prefix` is cut to fit.
  // May move every member: sendmmsg headers pointing at members must be sent first.
  std::size_t add(const sockaddr* address, socklen_t size, std::string_view prefix);
  // Removes the member at `position`; the last member moves into its place.
  void remove(std::size_t position);

  std::size_t size() const { return members_.size(); }
  const reference_member& operator[](std::size_t position) const { return members_[position]; }
  reference_member& operator[](std::size_t position) { return members_[position]; }

 private:
  static constexpr std::uint32_t empty = UINT32_MAX;
  std::size_t home_slot(const sockaddr* address, socklen_t size) const;
  // The slot holding `address`, or the empty slot where it would go.
  std::size_t slot_of(const sockaddr* address, socklen_t size) const;
  void grow_index();

  std::vector<reference_member> members_;
  std::vector<std::uint32_t> index_;  // positions in members_, or empty
  std::size_t mask_;                  // index_.size() - 1
};

}  // namespace udpchat::bench
