// SPDX-License-Identifier: GPL-3.0-or-later
#include <winsock2.h>

#include <asio/error.hpp>

#include "port_unreachable.hpp"

namespace udpchat {

// Windows says it in several ways: WSAECONNRESET from recv, WSAECONNREFUSED from send, and
// ERROR_PORT_UNREACHABLE from an overlapped receive, which asio turns into connection_refused.
// Wine's overlapped receive says ERROR_CONNECTION_REFUSED instead, which asio leaves as it is,
// in its own system category.
bool is_port_unreachable(const std::error_code& error) {
  return error == asio::error::connection_refused || error == asio::error::connection_reset ||
         error == std::error_code{ERROR_CONNECTION_REFUSED, asio::error::get_system_category()};
}

// Windows itself keeps the socket usable; Wine does not (port_unreachable.hpp), and a fresh
// socket costs a few calls once a second at most, while the hub is away.
bool receive_survives_port_unreachable() { return false; }

}  // namespace udpchat
