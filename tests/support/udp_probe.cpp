// SPDX-License-Identifier: GPL-3.0-or-later
#include "udp_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <vector>

namespace udpchat::testing {
namespace {

// 127.0.0.1:port or [::1]:port as a socket address; returns its length.
socklen_t loopback_address(bool ipv6, unsigned short port, sockaddr_storage& address) {
  address = {};
  if (ipv6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    v6->sin6_family = AF_INET6;
    v6->sin6_addr = in6addr_loopback;
    v6->sin6_port = htons(port);
    return sizeof *v6;
  }
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  v4->sin_family = AF_INET;
  v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  v4->sin_port = htons(port);
  return sizeof *v4;
}

}  // namespace

udp_probe::udp_probe(bool ipv6) : udp_probe{ipv6, ipv6 ? "::1" : "127.0.0.1"} {}

std::unique_ptr<udp_probe> udp_probe::bound_to(const std::string& ipv4_loopback) {
  return std::unique_ptr<udp_probe>{new udp_probe{false, ipv4_loopback}};
}

udp_probe::udp_probe(bool ipv6, std::string host) : ipv6_{ipv6}, host_{std::move(host)} {
  fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  sockaddr_storage local{};
  socklen_t length = loopback_address(ipv6, 0, local);
  if (!ipv6 && ::inet_pton(AF_INET, host_.c_str(), &reinterpret_cast<sockaddr_in*>(&local)->sin_addr) != 1) {
    throw std::runtime_error("not an IPv4 address: " + host_);
  }
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), length) != 0) throw std::runtime_error("bind failed");
  if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
    throw std::runtime_error("getsockname failed");
  }
  port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&local)->sin6_port
                     : reinterpret_cast<sockaddr_in*>(&local)->sin_port);
}

udp_probe::~udp_probe() { ::close(fd_); }

void udp_probe::send_to(unsigned short port, std::string_view datagram) {
  sockaddr_storage hub{};
  const socklen_t length = loopback_address(ipv6_, port, hub);
  const ssize_t sent = ::sendto(fd_, datagram.data(), datagram.size(), 0,
                                reinterpret_cast<sockaddr*>(&hub), length);
  if (sent != static_cast<ssize_t>(datagram.size())) throw std::runtime_error("sendto failed");
}

void udp_probe::connect_to(const std::string& hub_address, unsigned short port) {
  sockaddr_storage hub{};
  const socklen_t length = loopback_address(ipv6_, port, hub);
  void* address_bytes = ipv6_ ? static_cast<void*>(&reinterpret_cast<sockaddr_in6*>(&hub)->sin6_addr)
                              : static_cast<void*>(&reinterpret_cast<sockaddr_in*>(&hub)->sin_addr);
  if (::inet_pton(ipv6_ ? AF_INET6 : AF_INET, hub_address.c_str(), address_bytes) != 1) {
    throw std::runtime_error("not an address of the probe's family: " + hub_address);
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&hub), length) != 0) throw std::runtime_error("connect failed");
}

void udp_probe::send(std::string_view datagram) {
  const ssize_t sent = ::send(fd_, datagram.data(), datagram.size(), 0);
  if (sent != static_cast<ssize_t>(datagram.size())) throw std::runtime_error("send failed");
}

std::optional<std::string> udp_probe::receive(std::chrono::milliseconds deadline) {
  pollfd ready{fd_, POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(deadline.count())) != 1) return std::nullopt;
  std::vector<char> buffer(65536);
  const ssize_t got = ::recv(fd_, buffer.data(), buffer.size(), 0);
  if (got < 0) return std::nullopt;
  return std::string{buffer.data(), static_cast<std::size_t>(got)};
}

std::string udp_probe::address() const {
  return (ipv6_ ? "[" + host_ + "]:" : host_ + ":") + std::to_string(port_);
}

void udp_probe::enlarge_receive_buffer(int bytes) {
  if (::setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0) {
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  }
}

}  // namespace udpchat::testing
