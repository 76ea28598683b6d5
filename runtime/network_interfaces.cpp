// SPDX-License-Identifier: GPL-3.0-or-later
// The part of the interface list that is the same on every system: which networks an address
// is on. Listing the interfaces is network_interfaces_linux.cpp / _windows.cpp.
#include "network_interfaces.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace udpchat {
namespace {

// Whether the first `prefix_length` bits of `a` and `b` are equal.
template <std::size_t N>
bool same_prefix(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
                 unsigned int prefix_length) {
  const unsigned int bits = std::min<unsigned int>(prefix_length, N * 8);
  const std::size_t whole = bits / 8;
  if (!std::equal(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(whole), b.begin())) return false;
  const unsigned int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

asio::ip::address unmapped(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

}  // namespace

bool on_connected_network(const asio::ip::address& source, const std::vector<interface_address>& interfaces) {
  const asio::ip::address address = unmapped(source);
  if (address.is_v6() && address.to_v6().is_link_local()) return true;
  return std::any_of(interfaces.begin(), interfaces.end(), [&](const interface_address& entry) {
    const asio::ip::address own = unmapped(entry.address);
    if (address.is_v4() && own.is_v4()) {
      return same_prefix(address.to_v4().to_bytes(), own.to_v4().to_bytes(), entry.prefix_length);
    }
    if (address.is_v6() && own.is_v6()) {
      return same_prefix(address.to_v6().to_bytes(), own.to_v6().to_bytes(), entry.prefix_length);
    }
    return false;
  });
}

}  // namespace udpchat
