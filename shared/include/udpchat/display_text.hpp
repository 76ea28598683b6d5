// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "udpchat/datagram_codec.hpp"

namespace udpchat {

// The one terminal line (without its newline) that shows a datagram from a hub:
//   127.0.0.1:54321: hello            a member's message
//   *** 127.0.0.1:54321 left          a departure whose notice is "left" or empty
//   *** 127.0.0.1:54321 left (<notice>)   any other departure, with the hub's notice:
//                                     "timed out (silent for 10m)", the Python hub's words
//   *** hub: <text>                   a notice from the hub
//   *** hub is closing                the hub's own departure
//   *** unreadable datagram (<why>): <text>
// Every part that came from the network is passed through escape_for_terminal. Lines that the
// terminal writes itself start with "***"; a member's text never starts a line.
std::string display_line(std::string_view datagram);

}  // namespace udpchat
