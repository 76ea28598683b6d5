// SPDX-License-Identifier: GPL-3.0-or-later
#include "tcp_probe.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "deadline.hpp"

namespace udpchat::testing {

tcp_probe::tcp_probe(unsigned short port, int receive_buffer, bool ipv6) : ipv6_{ipv6} {
  fd_ = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error("socket failed");
  if (receive_buffer > 0) {
    // Set before connecting, so the advertised window is small from the start.
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  }
  sockaddr_storage server{};
  socklen_t server_length = 0;
  if (ipv6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&server);
    v6->sin6_family = AF_INET6;
    v6->sin6_addr = in6addr_loopback;
    v6->sin6_port = htons(port);
    server_length = sizeof *v6;
  } else {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&server);
    v4->sin_family = AF_INET;
    v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    v4->sin_port = htons(port);
    server_length = sizeof *v4;
  }
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&server), server_length) != 0) {
    throw std::runtime_error("connect failed");
  }
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &length);
  local_port_ = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6*>(&local)->sin6_port
                           : reinterpret_cast<sockaddr_in*>(&local)->sin_port);
}

tcp_probe::~tcp_probe() { close(); }

void tcp_probe::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void tcp_probe::send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("send failed");
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
}

bool tcp_probe::send_unless_closed(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<std::size_t>(sent));
  }
  return true;
}

bool tcp_probe::fill(std::chrono::milliseconds deadline) {
  if (at_end_) return false;
  pollfd ready{fd_, POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(deadline.count())) != 1) return false;
  char chunk[65536];
  const ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
  if (got <= 0) {
    at_end_ = true;
    return false;
  }
  buffered_.append(chunk, static_cast<std::size_t>(got));
  return true;
}

std::optional<std::string> tcp_probe::read_line(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  for (;;) {
    const auto newline = buffered_.find('\n');
    if (newline != std::string::npos) {
      std::string line = buffered_.substr(0, newline);
      buffered_.erase(0, newline + 1);
      return line;
    }
    if (!fill(left_until(until))) return std::nullopt;
  }
}

bool tcp_probe::closed_by_peer(std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (!at_end_) {
    buffered_.clear();
    if (!fill(left_until(until)) && !at_end_) return false;
  }
  return true;
}

std::string tcp_probe::address() const {
  return (ipv6_ ? "[::1]:" : "127.0.0.1:") + std::to_string(local_port_);
}

}  // namespace udpchat::testing
