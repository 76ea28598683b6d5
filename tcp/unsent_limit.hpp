// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How much the system may hold of what a TCP socket sends and the peer has not taken. One
// implementation file per platform.

#include <asio/ip/tcp.hpp>

namespace udpchat {

// Asks the system to hold at most about `bytes` unsent for `socket` beyond what is in flight
// (TCP_NOTSENT_LOWAT, tcp(7)), so that a slow reader's backlog stays in the program's queue.
// Where the system has no such limit (Windows), nothing changes. Failures are ignored: the
// queue's limits still hold, only later.
void limit_unsent_bytes(asio::ip::tcp::socket& socket, int bytes);

}  // namespace udpchat
