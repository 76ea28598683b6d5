// SPDX-License-Identifier: GPL-3.0-or-later
#include "netns_udp_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <thread>

#include "deadline.hpp"
#include "network_namespace.hpp"

namespace udpchat::testing {
namespace {

bool is_ipv6(const std::string& address) { return address.find(':') != std::string::npos; }

// `address`:`port` as a socket address of its family, with `scope` for an IPv6 one; the length,
// or 0 when `address` is not an address.
socklen_t socket_address(const std::string& address, unsigned short port, unsigned scope, sockaddr_storage& out) {
  out = {};
  if (is_ipv6(address)) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    v6->sin6_scope_id = scope;
    return ::inet_pton(AF_INET6, address.c_str(), &v6->sin6_addr) == 1 ? sizeof *v6 : 0;
  }
  auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
  v4->sin_family = AF_INET;
  v4->sin_port = htons(port);
  return ::inet_pton(AF_INET, address.c_str(), &v4->sin_addr) == 1 ? sizeof *v4 : 0;
}

}  // namespace

netns_udp_socket::netns_udp_socket(const std::string& netns, const std::string& address, unsigned short port,
                                   const std::string& interface)
    : ipv6_{is_ipv6(address)}, address_{address} {
  const auto make = [&] {
    scope_ = ::if_nametoindex(interface.c_str());
    const int fd = ::socket(ipv6_ ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return;
    const int on = 1;
    sockaddr_storage local{};
    socklen_t length = socket_address(address, port, scope_, local);
    bool ok = length != 0 && ::setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) == 0;
    if (ok && ipv6_) {
      ok = ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) == 0 &&
           ::setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &scope_, sizeof scope_) == 0;
    } else if (ok) {
      ok = ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &reinterpret_cast<sockaddr_in*>(&local)->sin_addr,
                        sizeof(in_addr)) == 0;
    }
    ok = ok && ::bind(fd, reinterpret_cast<sockaddr*>(&local), length) == 0 &&
         ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) == 0;
    if (!ok) {
      ::close(fd);
      return;
    }
    port_ = ntohs(ipv6_ ? reinterpret_cast<sockaddr_in6*>(&local)->sin6_port
                        : reinterpret_cast<sockaddr_in*>(&local)->sin_port);
    fd_ = fd;
  };
  if (netns.empty()) {
    make();
  } else {
    in_network_namespace(netns, make);
  }
}

netns_udp_socket::~netns_udp_socket() {
  if (fd_ >= 0) ::close(fd_);
}

bool netns_udp_socket::send_to(const std::string& address, unsigned short port, std::string_view datagram) const {
  sockaddr_storage to{};
  const socklen_t length = socket_address(address, port, scope_, to);
  if (length == 0 || fd_ < 0) return false;
  return ::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<const sockaddr*>(&to), length) ==
         static_cast<ssize_t>(datagram.size());
}

std::optional<netns_udp_socket::incoming> netns_udp_socket::receive(std::chrono::milliseconds deadline) const {
  pollfd ready{fd_, POLLIN, 0};
  if (fd_ < 0 || ::poll(&ready, 1, static_cast<int>(deadline.count())) != 1) return std::nullopt;
  std::array<char, 65536> buffer{};
  sockaddr_storage from{};
  socklen_t length = sizeof from;
  const ssize_t got = ::recvfrom(fd_, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &length);
  if (got < 0) return std::nullopt;
  incoming received{{}, 0, std::string{buffer.data(), static_cast<std::size_t>(got)}};
  std::array<char, INET6_ADDRSTRLEN> text{};
  if (from.ss_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&from);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text.data(), text.size());
    received.from_port = ntohs(v6->sin6_port);
  } else {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(&from);
    ::inet_ntop(AF_INET, &v4->sin_addr, text.data(), text.size());
    received.from_port = ntohs(v4->sin_port);
  }
  received.from = text.data();
  return received;
}

std::string netns_udp_socket::address() const {
  const std::string port = std::to_string(port_);
  return ipv6_ ? "[" + address_ + "]:" + port : address_ + ":" + port;
}

std::vector<received_datagram> receive_from_any(const std::vector<const netns_udp_socket*>& sockets,
                                                std::chrono::steady_clock::time_point until, std::size_t enough) {
  std::vector<received_datagram> received;
  std::vector<pollfd> ready;
  for (const auto* socket : sockets) ready.push_back({socket->native_handle(), POLLIN, 0});
  while (received.size() < enough) {
    const auto left = left_until(until);
    if (left.count() == 0) break;
    for (auto& one : ready) one.revents = 0;
    if (::poll(ready.data(), ready.size(), static_cast<int>(left.count())) <= 0) break;
    for (std::size_t i = 0; i < ready.size() && received.size() < enough; ++i) {
      if ((ready[i].revents & POLLIN) == 0) continue;
      if (auto datagram = sockets[i]->receive(std::chrono::milliseconds{0})) {
        received.push_back({i, std::move(*datagram)});
      }
    }
  }
  return received;
}

}  // namespace udpchat::testing
