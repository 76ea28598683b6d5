// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which of the host's addresses a datagram arrived at, and sending a reply from that address.
// A socket bound to a wildcard address (0.0.0.0, ::) otherwise replies from whatever address
// the routing table picks, and a peer whose socket is connected to the address it used discards
// such a reply. The system's ancillary data carries both (ip(7) IP_PKTINFO, ipv6(7)
// IPV6_RECVPKTINFO and IPV6_PKTINFO, RFC 3542 section 6). The batches (datagram_batches.hpp)
// read and write it; one implementation file per platform.

#include "datagram_batches.hpp"

namespace udpchat {

// Asks the system to report the arrival address of every datagram `socket` receives, for IPv4
// and, when `ipv6` (a socket of the IPv6 family, dual-stack or not), IPv6 too. Returns false
// if the system refuses, or the platform's batches do not use it; replies then come from where
// the system chooses.
bool report_arrival_addresses(datagram_socket_handle socket, bool ipv6);

}  // namespace udpchat
