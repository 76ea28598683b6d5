// SPDX-License-Identifier: GPL-3.0-or-later
#include <winsock2.h>
#include <mswsock.h>

#include "udp_socket_options.hpp"

namespace udpchat {

void enlarge_socket_buffers(asio::ip::udp::socket& socket, int bytes) {
  // Windows has no privileged option to force past a cap: SO_RCVBUF and SO_SNDBUF only.
  asio::error_code ignored;
  socket.set_option(asio::socket_base::receive_buffer_size{bytes}, ignored);
  socket.set_option(asio::socket_base::send_buffer_size{bytes}, ignored);
}

bool ignore_unreachable_reports(asio::ip::udp::socket& socket) {
  BOOL report = FALSE;
  DWORD returned = 0;
  return ::WSAIoctl(socket.native_handle(), SIO_UDP_CONNRESET, &report, sizeof report, nullptr, 0, &returned,
                    nullptr, nullptr) == 0;
}

bool wait_for_send_room(asio::ip::udp::socket& socket, std::chrono::milliseconds timeout) {
  WSAPOLLFD writable{socket.native_handle(), POLLWRNORM, 0};
  return ::WSAPoll(&writable, 1, static_cast<INT>(timeout.count())) > 0;
}

}  // namespace udpchat
