// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which of the host's addresses a datagram arrived at, and sending a reply from that address.
// A socket bound to a wildcard address (0.0.0.0, ::) otherwise replies from whatever address
// the routing table picks, and a peer whose socket is connected to the address it used discards
// such a reply. The system's ancillary data carries both (ip(7) IP_PKTINFO, ipv6(7)
// IPV6_RECVPKTINFO and IPV6_PKTINFO, RFC 3542 section 6). One implementation file per platform;
// callers see only these functions.

#include <asio/ip/address.hpp>
#include <cstddef>

struct msghdr;

namespace udpchat {

// Asks the system to report the arrival address of every datagram the socket `fd` receives,
// for IPv4 and, when `ipv6` (a socket of the IPv6 family, dual-stack or not), IPv6 too.
// Returns false if the system refuses; replies then come from where the system chooses.
bool report_arrival_addresses(int fd, bool ipv6);

// Bytes of control buffer one received or sent datagram needs for its address.
std::size_t arrival_control_bytes();

// The address a received datagram arrived at, from its control messages; the unspecified
// address when the system did not say. An IPv4 datagram on a dual-stack socket gives an IPv4
// address. A link-local IPv6 address carries its interface as its scope id.
asio::ip::address arrival_address(const msghdr& received);

// Writes into `control` (room for arrival_control_bytes()) the control message that makes a
// datagram leave from `source`, and returns its length; 0 (nothing written) for an unspecified
// source, which leaves the choice to the system.
std::size_t write_source_address(const asio::ip::address& source, void* control);

}  // namespace udpchat
