// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat::testing {

// A raw UDP socket on 127.0.0.1 (or ::1, or another loopback address) for talking to a hub the way any program could.
class udp_probe {
 public:
  explicit udp_probe(bool ipv6 = false);
  // Bound to another loopback address, such as 127.0.0.2, to stand for another host.
  static std::unique_ptr<udp_probe> bound_to(const std::string& ipv4_loopback);
  ~udp_probe();
  udp_probe(const udp_probe&) = delete;
  udp_probe& operator=(const udp_probe&) = delete;

  void send_to(unsigned short port, std::string_view datagram);
  // Connects the socket to hub_address:port (an address of this probe's family), as a terminal
  // does: from then on the system takes datagrams from that address and port only.
  void connect_to(const std::string& hub_address, unsigned short port);
  // Sends to the address connected to.
  void send(std::string_view datagram);
  // The next datagram to arrive within the deadline.
  std::optional<std::string> receive(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  // The next datagram that satisfies `wanted`, skipping others, within the deadline.
  template <typename Predicate>
  std::optional<std::string> receive_matching(Predicate wanted,
                                              std::chrono::milliseconds deadline = std::chrono::milliseconds{5000}) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      auto datagram = receive(left);
      if (!datagram) return std::nullopt;
      if (wanted(*datagram)) return datagram;
    }
  }
  unsigned short port() const { return port_; }
  // Lets the system queue up to `bytes` of datagrams for this socket (past net.core.rmem_max
  // where the test runs as root), for a test whose reader may fall behind a burst: a datagram
  // the socket had no room for would look like one the hub lost.
  void enlarge_receive_buffer(int bytes);
  // "127.0.0.1:<port>" or "[::1]:<port>": how a hub names this socket.
  std::string address() const;

 private:
  udp_probe(bool ipv6, std::string host);

  int fd_ = -1;
  bool ipv6_;
  std::string host_;
  unsigned short port_ = 0;
};

}  // namespace udpchat::testing
