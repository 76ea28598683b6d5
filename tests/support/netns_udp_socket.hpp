// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat::testing {

// A raw UDP socket made inside a network namespace (one `ip netns add` made, named under
// /run/netns, or the caller's own), bound to a chosen source address there, for sending datagrams a test writes by
// hand: probes with the broadcast and multicast options set, or a member of a hub. The socket
// stays in its namespace whichever thread uses it; setns(2) is called in a thread of its own so
// the test's threads stay where they are.
class netns_udp_socket {
 public:
  // Bound to `address` (IPv4, or IPv6 without a scope) and `port` (0: one the system picks) in
  // namespace `netns`, or in the calling thread's namespace when `netns` is empty. `interface` (a name in that namespace) is the scope of IPv6 link-local
  // addresses and the interface multicast leaves from. ready() is false when any step fails.
  netns_udp_socket(const std::string& netns, const std::string& address, unsigned short port = 0,
                   const std::string& interface = "eth0");
  ~netns_udp_socket();
  netns_udp_socket(const netns_udp_socket&) = delete;
  netns_udp_socket& operator=(const netns_udp_socket&) = delete;

  bool ready() const { return fd_ >= 0; }
  // Sends one datagram to `address`:`port` (the socket's family; broadcast and multicast
  // addresses too); false when the system does not take it whole.
  bool send_to(const std::string& address, unsigned short port, std::string_view datagram) const;

  struct incoming {
    std::string from;  // the sender's address without its port: "169.254.10.1", "fe80::1"
    unsigned short from_port = 0;
    std::string bytes;
  };
  // The next datagram to arrive within `deadline`.
  std::optional<incoming> receive(std::chrono::milliseconds deadline) const;

  unsigned short port() const { return port_; }
  // "169.254.10.2:40123" or "[fe80::1]:40123": the bound address and port as a server's log
  // names this socket (IPv6 without the scope a server adds after '%').
  std::string address() const;
  int native_handle() const { return fd_; }

 private:
  int fd_ = -1;
  bool ipv6_ = false;
  unsigned scope_ = 0;
  std::string address_;
  unsigned short port_ = 0;
};

// Datagrams from any of `sockets` until `until`, or until `enough` have come; each with the
// index of the socket it came to. Bounded in time by `until` whatever arrives.
struct received_datagram {
  std::size_t socket;
  netns_udp_socket::incoming datagram;
};
std::vector<received_datagram> receive_from_any(const std::vector<const netns_udp_socket*>& sockets,
                                                std::chrono::steady_clock::time_point until,
                                                std::size_t enough = static_cast<std::size_t>(-1));

}  // namespace udpchat::testing
