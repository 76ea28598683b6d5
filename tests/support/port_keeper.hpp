// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace udpchat::testing {

// A UDP socket on 127.0.0.1:`port`, where a hub was: it shows when a terminal asks to join
// again (an empty datagram), so that a test can restart the hub right after one such ask and
// so be sure that the test's own member is in before the terminal's next ask, a second later.
class port_keeper {
 public:
  explicit port_keeper(unsigned short port) : fd_{::socket(AF_INET, SOCK_DGRAM, 0)} {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bound_ = ::bind(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  }
  ~port_keeper() { ::close(fd_); }
  port_keeper(const port_keeper&) = delete;
  port_keeper& operator=(const port_keeper&) = delete;

  bool bound() const { return bound_; }
  // Whether a datagram arrived within the deadline (5 s).
  bool asked() {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, 5000) != 1) return false;
    char byte = 0;
    return ::recv(fd_, &byte, 1, 0) >= 0;
  }

 private:
  int fd_;
  bool bound_ = false;
};

}  // namespace udpchat::testing
