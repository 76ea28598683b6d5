#pragma once

#include <string_view>
#include <variant>

#include "udpchat/datagram_codec.hpp"

namespace udpchat {

// What a datagram or line from a server means for the membership. Pure.
struct hub_news {
  bool from_hub = false;  // only a udpchat server sends as "hub"
  bool welcome = false;
  bool paused = false;
  bool closing = false;
};

inline hub_news read_hub_news(std::string_view message) {
  const auto decoded = decode_datagram(message);
  if (const auto* relayed = std::get_if<relayed_message>(&decoded); relayed && relayed->sender == hub_sender) {
    return {true, relayed->text.starts_with(welcome_notice), relayed->text.starts_with(paused_notice), false};
  }
  if (const auto* departure = std::get_if<departure_notice>(&decoded); departure && departure->sender == hub_sender) {
    return {true, false, false, true};
  }
  return {};
}

}  // namespace udpchat
