// SPDX-License-Identifier: GPL-3.0-or-later
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "arrival_address.hpp"
#include "arrival_address_linux.hpp"

namespace udpchat {

bool report_arrival_addresses(datagram_socket_handle socket, bool ipv6) {
  const int on = 1;
  // IPv4 datagrams reaching a dual-stack socket are reported by IP_PKTINFO, the others by
  // IPV6_PKTINFO, so a dual-stack socket needs both.
  bool reported = ::setsockopt(socket, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) == 0;
  if (ipv6) reported = ::setsockopt(socket, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) == 0 && reported;
  return reported;
}

std::size_t arrival_control_bytes() {
  // Room for both kinds: either can come on a dual-stack socket.
  return CMSG_SPACE(sizeof(in_pktinfo)) + CMSG_SPACE(sizeof(in6_pktinfo));
}

asio::ip::address arrival_address(const msghdr& received) {
  msghdr header = received;  // CMSG_NXTHDR takes a header it may write to
  for (cmsghdr* each = CMSG_FIRSTHDR(&header); each != nullptr; each = CMSG_NXTHDR(&header, each)) {
    if (each->cmsg_level == IPPROTO_IP && each->cmsg_type == IP_PKTINFO) {
      in_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(each), sizeof info);
      asio::ip::address_v4::bytes_type bytes;
      std::memcpy(bytes.data(), &info.ipi_addr, bytes.size());
      return asio::ip::address_v4{bytes};
    }
    if (each->cmsg_level == IPPROTO_IPV6 && each->cmsg_type == IPV6_PKTINFO) {
      in6_pktinfo info{};
      std::memcpy(&info, CMSG_DATA(each), sizeof info);
      asio::ip::address_v6::bytes_type bytes;
      std::memcpy(bytes.data(), &info.ipi6_addr, bytes.size());
      asio::ip::address_v6 address{bytes};
      // Without its interface, a link-local address names no link at all.
      if (address.is_link_local()) address.scope_id(info.ipi6_ifindex);
      return address;
    }
  }
  return {};
}

std::size_t write_source_address(const asio::ip::address& source, void* control) {
  if (source.is_unspecified()) return 0;
  auto* message = static_cast<cmsghdr*>(control);
  if (source.is_v4()) {
    // ipi_spec_dst is the source address; no interface, so routing still picks the way out.
    in_pktinfo info{};
    const auto bytes = source.to_v4().to_bytes();
    std::memcpy(&info.ipi_spec_dst, bytes.data(), bytes.size());
    message->cmsg_level = IPPROTO_IP;
    message->cmsg_type = IP_PKTINFO;
    message->cmsg_len = CMSG_LEN(sizeof info);
    std::memcpy(CMSG_DATA(message), &info, sizeof info);
    return CMSG_SPACE(sizeof info);
  }
  in6_pktinfo info{};
  const auto v6 = source.to_v6();
  const auto bytes = v6.to_bytes();
  std::memcpy(&info.ipi6_addr, bytes.data(), bytes.size());
  // 0 but for a link-local address: any interface. Interface indexes fit in an unsigned int.
  info.ipi6_ifindex = static_cast<unsigned>(v6.scope_id());
  message->cmsg_level = IPPROTO_IPV6;
  message->cmsg_type = IPV6_PKTINFO;
  message->cmsg_len = CMSG_LEN(sizeof info);
  std::memcpy(CMSG_DATA(message), &info, sizeof info);
  return CMSG_SPACE(sizeof info);
}

}  // namespace udpchat
