// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/display_text.hpp"

#include "udpchat/address_text.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

struct line_for {
  std::string operator()(const relayed_message& message) const {
    if (message.sender == hub_sender) {
      return "*** hub: " + escape_for_terminal(message.text);
    }
    return escape_for_terminal(normalize_sender(message.sender)) + ": " +
           escape_for_terminal(message.text);
  }
  std::string operator()(const departure_notice& departure) const {
    if (departure.sender == hub_sender) {
      return "*** hub is closing";
    }
    // Every departure reads "<who> left", whatever the hub's words for it ("timed out (silent
    // for 10m)", the Python hub's own), so one pattern matches a departure from any hub.
    std::string line = "*** " + escape_for_terminal(normalize_sender(departure.sender)) + " left";
    if (!departure.notice.empty() && departure.notice != left_notice) {
      line += " (" + escape_for_terminal(departure.notice) + ")";
    }
    return line;
  }
  std::string operator()(decode_error error) const {
    return "*** unreadable datagram (" + std::string{describe(error)} +
           "): " + escape_for_terminal(datagram);
  }
  std::string_view datagram;
};

}  // namespace

std::string display_line(std::string_view datagram) {
  return std::visit(line_for{datagram}, decode_datagram(datagram));
}

}  // namespace udpchat
