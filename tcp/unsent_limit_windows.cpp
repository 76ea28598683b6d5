// SPDX-License-Identifier: GPL-3.0-or-later
// Windows has no option that limits a socket's unsent bytes: its send buffer grows as the
// system sees fit ("ideal send backlog"), and the queue's limits apply a little later.
#include "unsent_limit.hpp"

namespace udpchat {

void limit_unsent_bytes(asio::ip::tcp::socket&, int) {}

}  // namespace udpchat
