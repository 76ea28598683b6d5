// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the hub asks of its UDP socket where systems differ. One implementation file per
// platform.

#include <asio/ip/udp.hpp>
#include <chrono>

namespace udpchat {

// Asks for receive and send buffers of `bytes` each. Past the system's cap where the process
// may (Linux: SO_RCVBUFFORCE and SO_SNDBUFFORCE, socket(7), with CAP_NET_ADMIN); otherwise the
// system grants what it will, and nothing is reported.
void enlarge_socket_buffers(asio::ip::udp::socket& socket, int bytes);

// Keeps a datagram sent to a port nobody listens on from failing the socket's next receive.
// Windows reports the ICMP port unreachable that comes back as WSAECONNRESET on the next
// recvfrom, even on an unconnected socket, unless SIO_UDP_CONNRESET is switched off; Linux
// reports it only on a connected socket (udp(7)), so there this does nothing. Returns false
// when the system refused: the reports then still come, and the receiver passes over them.
bool ignore_unreachable_reports(asio::ip::udp::socket& socket);

// Waits at most `timeout` for room in the send buffer of `socket`, blocking the thread.
// Returns whether there is room. For a last flush while closing, when the io_context is
// no longer there to wait on.
bool wait_for_send_room(asio::ip::udp::socket& socket, std::chrono::milliseconds timeout);

}  // namespace udpchat
