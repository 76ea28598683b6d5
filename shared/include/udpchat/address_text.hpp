// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace udpchat {

// "ip:port" for IPv4, "[ip]:port" for IPv6 (any host holding a ':' is taken to be IPv6).
std::string format_host_port(std::string_view host, std::uint16_t port);

// A sender as the member should see it. The Python hub writes senders as Python prints an
// address tuple, ('127.0.0.1', 54321) or ('::1', 54321, 0, 0); those become 127.0.0.1:54321 and
// [::1]:54321. Any other sender is returned unchanged.
std::string normalize_sender(std::string_view sender);

}  // namespace udpchat
