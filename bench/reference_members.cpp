// SPDX-License-Identifier: GPL-3.0-or-later
#include "reference_members.hpp"

#include <algorithm>
#include <cstring>

namespace udpchat::bench {
namespace {

constexpr std::size_t first_index_size = 1024;  // power of two
constexpr std::uint64_t golden = 0x9E3779B97F4A7C15ULL;  // 2^64 / phi: Fibonacci hashing

bool same_address(const reference_member& member, const sockaddr* address, socklen_t size) {
  return member.address_size == size && std::memcmp(&member.address, address, size) == 0;
}

}  // namespace

reference_members::reference_members() : index_(first_index_size, empty), mask_{first_index_size - 1} {
  members_.reserve(first_index_size / 2);
}

std::size_t reference_members::home_slot(const sockaddr* address, socklen_t size) const {
  // The family, port and address (and, for IPv6, scope) in at most four words, mixed.
  std::array<std::uint64_t, 4> words{};
  std::memcpy(words.data(), address, std::min<std::size_t>(size, sizeof words));
  std::uint64_t mixed = words[0];
  for (std::size_t i = 1; i < words.size(); ++i) mixed = (mixed ^ words[i]) * golden;
  mixed = (mixed ^ (mixed >> 29)) * golden;
  return static_cast<std::size_t>(mixed >> 32) & mask_;
}

std::size_t reference_members::slot_of(const sockaddr* address, socklen_t size) const {
  std::size_t slot = home_slot(address, size);
  while (index_[slot] != empty && !same_address(members_[index_[slot]], address, size)) {
    slot = (slot + 1) & mask_;
  }
  return slot;
}

std::size_t reference_members::find(const sockaddr* address, socklen_t size) const {
  const std::uint32_t position = index_[slot_of(address, size)];
  return position == empty ? none : position;
}

std::size_t reference_members::add(const sockaddr* address, socklen_t size, std::string_view prefix) {
  reference_member& member = members_.emplace_back();
  member.address_size = std::min<socklen_t>(size, sizeof member.address);
  std::memcpy(&member.address, address, member.address_size);
  member.prefix_size = static_cast<std::uint8_t>(std::min(prefix.size(), member.prefix.size()));
  std::memcpy(member.prefix.data(), prefix.data(), member.prefix_size);
  const std::size_t position = members_.size() - 1;
  index_[slot_of(address, member.address_size)] = static_cast<std::uint32_t>(position);
  if (members_.size() * 2 > index_.size()) grow_index();
  return position;
}

void reference_members::remove(std::size_t position) {
  // Backward-shift deletion: each entry after the hole that may live there moves up, so a
  // lookup never needs a tombstone.
  std::size_t hole = slot_of(reinterpret_cast<const sockaddr*>(&members_[position].address),
                             members_[position].address_size);
  for (std::size_t next = (hole + 1) & mask_; index_[next] != empty; next = (next + 1) & mask_) {
    const reference_member& moving = members_[index_[next]];
    const std::size_t home = home_slot(reinterpret_cast<const sockaddr*>(&moving.address), moving.address_size);
    // An entry stays if its home lies cyclically in (hole, next].
    const bool stays = hole < next ? (home > hole && home <= next) : (home > hole || home <= next);
    if (!stays) {
      index_[hole] = index_[next];
      hole = next;
    }
  }
  index_[hole] = empty;
  const std::size_t last = members_.size() - 1;
  if (position != last) {
    const reference_member& moved = members_[last];
    index_[slot_of(reinterpret_cast<const sockaddr*>(&moved.address), moved.address_size)] =
        static_cast<std::uint32_t>(position);
    members_[position] = moved;
  }
  members_.pop_back();
}

void reference_members::grow_index() {
  index_.assign(index_.size() * 2, empty);
  mask_ = index_.size() - 1;
  for (std::size_t position = 0; position < members_.size(); ++position) {
    const reference_member& member = members_[position];
    index_[slot_of(reinterpret_cast<const sockaddr*>(&member.address), member.address_size)] =
        static_cast<std::uint32_t>(position);
  }
}

}  // namespace udpchat::bench
