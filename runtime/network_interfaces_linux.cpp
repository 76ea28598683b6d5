// SPDX-License-Identifier: GPL-3.0-or-later
// The interface list from getifaddrs(3): one entry per address of an interface that is up.
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <bit>
#include <cstring>
#include <memory>

#include "network_interfaces.hpp"

namespace udpchat {
namespace {

template <std::size_t N>
unsigned int prefix_bits(const std::array<unsigned char, N>& mask) {
  unsigned int bits = 0;
  for (unsigned char byte : mask) bits += static_cast<unsigned int>(std::popcount(byte));
  return bits;
}

asio::ip::address_v4 v4_of(const sockaddr* address) {
  sockaddr_in in{};
  std::memcpy(&in, address, sizeof in);
  asio::ip::address_v4::bytes_type bytes{};
  std::memcpy(bytes.data(), &in.sin_addr, bytes.size());
  return asio::ip::address_v4{bytes};
}

asio::ip::address_v6 v6_of(const sockaddr* address) {
  sockaddr_in6 in6{};
  std::memcpy(&in6, address, sizeof in6);
  asio::ip::address_v6::bytes_type bytes{};
  std::memcpy(bytes.data(), &in6.sin6_addr, bytes.size());
  return asio::ip::address_v6{bytes, in6.sin6_scope_id};
}

}  // namespace

std::vector<interface_address> up_interface_addresses() {
  std::vector<interface_address> found;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return found;
  const std::unique_ptr<ifaddrs, decltype(&::freeifaddrs)> owner{list, &::freeifaddrs};
  for (const ifaddrs* entry = list; entry != nullptr; entry = entry->ifa_next) {
    if (entry->ifa_addr == nullptr || (entry->ifa_flags & IFF_UP) == 0) continue;
    const int family = entry->ifa_addr->sa_family;
    if (family != AF_INET && family != AF_INET6) continue;
    interface_address address;
    address.interface_name = entry->ifa_name;
    address.interface_index = ::if_nametoindex(entry->ifa_name);
    address.loopback = (entry->ifa_flags & IFF_LOOPBACK) != 0;
    address.multicast = (entry->ifa_flags & IFF_MULTICAST) != 0;
    if (family == AF_INET) {
      address.address = v4_of(entry->ifa_addr);
      address.prefix_length = entry->ifa_netmask != nullptr ? prefix_bits(v4_of(entry->ifa_netmask).to_bytes()) : 32;
      if ((entry->ifa_flags & IFF_BROADCAST) != 0 && entry->ifa_broadaddr != nullptr) {
        address.broadcast = v4_of(entry->ifa_broadaddr);
      }
    } else {
      address.address = v6_of(entry->ifa_addr);
      address.prefix_length =
          entry->ifa_netmask != nullptr ? prefix_bits(v6_of(entry->ifa_netmask).to_bytes()) : 128;
    }
    found.push_back(std::move(address));
  }
  return found;
}

}  // namespace udpchat
