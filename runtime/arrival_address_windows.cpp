// SPDX-License-Identifier: GPL-3.0-or-later
// Windows reports arrival addresses only to WSARecvMsg and takes source addresses only from
// WSASendMsg, both reached through extension function pointers and neither used by the
// one-call-per-datagram batches there (datagram_batches_windows.cpp). Without them the hub
// replies from the address the routing table picks for the member, which is the one the member
// reached unless the host has several addresses towards it. A hub on such a host can listen on
// one address (--host), and then answers from it.
#include "arrival_address.hpp"

namespace udpchat {

bool report_arrival_addresses(datagram_socket_handle, bool) { return false; }

}  // namespace udpchat
