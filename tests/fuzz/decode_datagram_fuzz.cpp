// SPDX-License-Identifier: GPL-3.0-or-later
// decode_datagram, and display_line on the same datagram.
//
// Input: one datagram from a hub, as it arrives.

#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "udpchat/address_text.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/display_text.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat::fuzz {
namespace {

// True when `part` is a view into `whole` (the decoder hands out views, never copies).
bool points_into(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

void check_decode(std::string_view datagram, const decoded_datagram& decoded) {
  const std::string departure_end = std::string{field_separator} + std::string{departure_marker};
  if (const auto* error = std::get_if<decode_error>(&decoded)) {
    FUZZ_CHECK(!describe(*error).empty());
    if (*error == decode_error::no_separator) {
      FUZZ_CHECK(datagram.find(field_separator) == std::string_view::npos);
    } else {
      FUZZ_CHECK(datagram.starts_with(field_separator));
    }
    return;
  }
  // There is a separator and the sender before the first one is not empty.
  const auto first = datagram.find(field_separator);
  FUZZ_CHECK(first != std::string_view::npos && first != 0);
  if (const auto* message = std::get_if<relayed_message>(&decoded)) {
    FUZZ_CHECK(points_into(message->sender, datagram) && points_into(message->text, datagram));
    FUZZ_CHECK(message->sender == datagram.substr(0, first));
    FUZZ_CHECK(encode_relay(message->sender, message->text) == datagram);
    // A departure is exactly a datagram whose text ends in ____qq.
    FUZZ_CHECK(!message->text.ends_with(departure_end));
  } else {
    const auto& departure = std::get<departure_notice>(decoded);
    FUZZ_CHECK(points_into(departure.sender, datagram) && points_into(departure.notice, datagram));
    FUZZ_CHECK(departure.sender == datagram.substr(0, first));
    FUZZ_CHECK(encode_departure(departure.sender, departure.notice) == datagram);
    FUZZ_CHECK(datagram.substr(first + field_separator.size()).ends_with(departure_end));
  }
}

// display_text.hpp: one of five documented shapes, every network-given part escaped.
void check_display(std::string_view datagram, const decoded_datagram& decoded) {
  const std::string line = display_line(datagram);
  FUZZ_CHECK(is_terminal_safe(line));
  FUZZ_CHECK(line.find_first_of("\r\n") == std::string::npos);

  if (const auto* message = std::get_if<relayed_message>(&decoded)) {
    if (message->sender == hub_sender) {
      FUZZ_CHECK(line == "*** hub: " + escape_for_terminal(message->text));
    } else {
      FUZZ_CHECK(line == escape_for_terminal(normalize_sender(message->sender)) + ": " +
                             escape_for_terminal(message->text));
    }
  } else if (const auto* departure = std::get_if<departure_notice>(&decoded)) {
    if (departure->sender == hub_sender) {
      FUZZ_CHECK(line == "*** hub is closing");
    } else {
      // Always "<who> left"; the hub's own words follow when they are not just "left".
      const bool plain = departure->notice.empty() || departure->notice == left_notice;
      const std::string why = plain ? "" : " (" + escape_for_terminal(departure->notice) + ")";
      FUZZ_CHECK(line == "*** " + escape_for_terminal(normalize_sender(departure->sender)) + " left" + why);
    }
  } else {
    const auto error = std::get<decode_error>(decoded);
    FUZZ_CHECK(line == "*** unreadable datagram (" + std::string{describe(error)} +
                           "): " + escape_for_terminal(datagram));
  }
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view datagram = as_text(data, size);
  const decoded_datagram decoded = decode_datagram(datagram);
  check_decode(datagram, decoded);
  check_display(datagram, decoded);
  return 0;
}
