// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

#include "found_servers.hpp"

namespace udpchat {

// How the terminal prints what happens: the display line alone, the line after a clock time,
// or one JSON object per line for scripts (JSON Lines).
enum class event_format { plain, timestamped, json };

class event_printer {
 public:
  explicit event_printer(event_format format) : format_{format} {}

  // A datagram or line from the server.
  std::string for_message(std::string_view message) const;
  // The terminal's own news: "*** no hub is answering at ...".
  std::string for_notice(std::string_view notice) const;
  // A server discovery found; empty except in JSON, where it is a "found" event with the
  // server's name, kind, address, port and members.
  std::string for_found(const found_server& server) const;

 private:
  event_format format_;
};

}  // namespace udpchat
