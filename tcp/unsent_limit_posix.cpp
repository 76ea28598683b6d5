// SPDX-License-Identifier: GPL-3.0-or-later
#include <netinet/in.h>
#include <netinet/tcp.h>

#include "unsent_limit.hpp"

namespace udpchat {

void limit_unsent_bytes(asio::ip::tcp::socket& socket, int bytes) {
  ::setsockopt(socket.native_handle(), IPPROTO_TCP, TCP_NOTSENT_LOWAT, &bytes, sizeof bytes);
}

}  // namespace udpchat
