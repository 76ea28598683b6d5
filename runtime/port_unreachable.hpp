// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the system reports that a datagram sent on a connected UDP socket found nobody listening
// (an ICMP port unreachable came back). One implementation file per platform.

#include <system_error>

namespace udpchat {

// Whether `error`, from a send or a receive on a connected UDP socket, is that report.
bool is_port_unreachable(const std::error_code& error);

// Whether a socket whose receive reported it goes on receiving when that receive is armed
// again. Not under Wine (8.0, the Windows programs' test bed): its overlapped receive on that
// socket never completes again, whatever arrives. A Windows program therefore receives on a
// fresh socket, bound to the same local address, from then on.
bool receive_survives_port_unreachable();

}  // namespace udpchat
