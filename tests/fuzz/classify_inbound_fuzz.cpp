// SPDX-License-Identifier: GPL-3.0-or-later
// classify_inbound, and what the hub then relays for a message.
//
// Input: one datagram from a member, as it arrives.

#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat::fuzz {
namespace {

bool only_of(std::string_view text, std::string_view allowed) {
  return text.find_first_not_of(allowed) == std::string_view::npos;
}

std::string_view strip_trailing(std::string_view text, std::string_view unwanted) {
  while (!text.empty() && unwanted.find(text.back()) != std::string_view::npos) text.remove_suffix(1);
  return text;
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view datagram = as_text(data, size);
  const inbound_datagram got = classify_inbound(datagram);

  // quit, with any trailing CR, LF, space or TAB; nothing else is a quit.
  const bool is_quit = strip_trailing(datagram, " \t\r\n") == quit_command;
  FUZZ_CHECK((got.kind == inbound_kind::quit) == is_quit);
  // Empty, or nothing but line endings: a join.
  FUZZ_CHECK((got.kind == inbound_kind::join) == (!is_quit && only_of(datagram, "\r\n")));

  if (got.kind != inbound_kind::message) {
    FUZZ_CHECK(got.text.empty());
    return 0;
  }
  // The message is the datagram without the line endings at its end, a view into it.
  FUZZ_CHECK(!got.text.empty());
  FUZZ_CHECK(got.text.data() == datagram.data());
  FUZZ_CHECK(got.text == strip_trailing(datagram, "\r\n"));
  FUZZ_CHECK(only_of(datagram.substr(got.text.size()), "\r\n"));

  // What the hub relays for it is one line of safe text that decodes back unchanged.
  const std::string relayed = make_relay_text(got.text);
  FUZZ_CHECK(is_terminal_safe(relayed));
  FUZZ_CHECK(relayed.find(field_separator) == std::string::npos);
  const std::string relayed_datagram = encode_relay("10.0.0.7:40000", relayed);
  const decoded_datagram decoded = decode_datagram(relayed_datagram);
  const auto* message = std::get_if<relayed_message>(&decoded);
  FUZZ_CHECK(message != nullptr && message->sender == "10.0.0.7:40000" && message->text == relayed);
  return 0;
}
