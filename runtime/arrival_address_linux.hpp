// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The control messages that carry a datagram's arrival address and a reply's source address
// (arrival_address.hpp), for the Linux batches' message headers.

#include <asio/ip/address.hpp>
#include <cstddef>

struct msghdr;

namespace udpchat {

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
