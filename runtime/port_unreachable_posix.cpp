// SPDX-License-Identifier: GPL-3.0-or-later
#include <asio/error.hpp>

#include "port_unreachable.hpp"

namespace udpchat {

// ECONNREFUSED, on the next send or receive (udp(7)).
bool is_port_unreachable(const std::error_code& error) { return error == asio::error::connection_refused; }

bool receive_survives_port_unreachable() { return true; }

}  // namespace udpchat
