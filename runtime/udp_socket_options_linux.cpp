// SPDX-License-Identifier: GPL-3.0-or-later
#include <poll.h>
#include <sys/socket.h>

#include "udp_socket_options.hpp"

namespace udpchat {
namespace {

void enlarge_buffer(int fd, int force_option, int option, int bytes) {
  if (::setsockopt(fd, SOL_SOCKET, force_option, &bytes, sizeof bytes) != 0) {
    ::setsockopt(fd, SOL_SOCKET, option, &bytes, sizeof bytes);
  }
}

}  // namespace

void enlarge_socket_buffers(asio::ip::udp::socket& socket, int bytes) {
  enlarge_buffer(socket.native_handle(), SO_RCVBUFFORCE, SO_RCVBUF, bytes);
  enlarge_buffer(socket.native_handle(), SO_SNDBUFFORCE, SO_SNDBUF, bytes);
}

bool ignore_unreachable_reports(asio::ip::udp::socket&) { return true; }

bool wait_for_send_room(asio::ip::udp::socket& socket, std::chrono::milliseconds timeout) {
  pollfd writable{socket.native_handle(), POLLOUT, 0};
  return ::poll(&writable, 1, static_cast<int>(timeout.count())) > 0;
}

}  // namespace udpchat
