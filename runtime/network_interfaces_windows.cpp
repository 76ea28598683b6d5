// SPDX-License-Identifier: GPL-3.0-or-later
// The interface list from GetAdaptersAddresses (iphlpapi): one entry per unicast address of an
// adapter that is up (IfOperStatusUp).
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>

#include <cstring>
#include <vector>

#include "network_interfaces.hpp"

namespace udpchat {
namespace {

std::string utf8_of(const wchar_t* text) {
  if (text == nullptr) return {};
  const int bytes = ::WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
  if (bytes <= 1) return {};
  std::string converted(static_cast<std::size_t>(bytes), '\0');
  ::WideCharToMultiByte(CP_UTF8, 0, text, -1, converted.data(), bytes, nullptr, nullptr);
  converted.resize(static_cast<std::size_t>(bytes - 1));
  return converted;
}

// The address's directed broadcast: the host part all ones.
asio::ip::address_v4 broadcast_of(const asio::ip::address_v4& address, unsigned int prefix_length) {
  if (prefix_length >= 32) return address;
  const std::uint32_t host_bits = prefix_length == 0 ? 0xffffffffu : (0xffffffffu >> prefix_length);
  return asio::ip::address_v4{address.to_uint() | host_bits};
}

}  // namespace

std::vector<interface_address> up_interface_addresses() {
  std::vector<interface_address> found;
  // The documented way: start with 15 KB and grow to what ERROR_BUFFER_OVERFLOW asks for.
  ULONG size = 15 * 1024;
  std::vector<unsigned char> buffer;
  ULONG result = ERROR_BUFFER_OVERFLOW;
  for (int attempt = 0; attempt < 4 && result == ERROR_BUFFER_OVERFLOW; ++attempt) {
    buffer.resize(size);
    result = ::GetAdaptersAddresses(AF_UNSPEC,
                                    GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                                    nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(buffer.data()), &size);
  }
  if (result != NO_ERROR) return found;
  for (const auto* adapter = reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(buffer.data()); adapter != nullptr;
       adapter = adapter->Next) {
    if (adapter->OperStatus != IfOperStatusUp) continue;
    for (const IP_ADAPTER_UNICAST_ADDRESS* unicast = adapter->FirstUnicastAddress; unicast != nullptr;
         unicast = unicast->Next) {
      const sockaddr* socket_address = unicast->Address.lpSockaddr;
      if (socket_address == nullptr) continue;
      interface_address address;
      address.interface_name = utf8_of(adapter->FriendlyName);
      address.loopback = adapter->IfType == IF_TYPE_SOFTWARE_LOOPBACK;
      address.multicast = (adapter->Flags & IP_ADAPTER_NO_MULTICAST) == 0;
      address.prefix_length = unicast->OnLinkPrefixLength;
      if (socket_address->sa_family == AF_INET) {
        sockaddr_in in{};
        std::memcpy(&in, socket_address, sizeof in);
        asio::ip::address_v4::bytes_type bytes{};
        std::memcpy(bytes.data(), &in.sin_addr, bytes.size());
        const asio::ip::address_v4 v4{bytes};
        address.interface_index = adapter->IfIndex;
        address.address = v4;
        if (!address.loopback) address.broadcast = broadcast_of(v4, address.prefix_length);
      } else if (socket_address->sa_family == AF_INET6) {
        sockaddr_in6 in6{};
        std::memcpy(&in6, socket_address, sizeof in6);
        asio::ip::address_v6::bytes_type bytes{};
        std::memcpy(bytes.data(), &in6.sin6_addr, bytes.size());
        address.interface_index = adapter->Ipv6IfIndex;
        asio::ip::address_v6 v6{bytes};
        if (v6.is_link_local()) v6.scope_id(address.interface_index);
        address.address = v6;
      } else {
        continue;
      }
      found.push_back(std::move(address));
    }
  }
  return found;
}

}  // namespace udpchat
