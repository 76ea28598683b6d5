// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <variant>

#include "udpchat/datagram_codec.hpp"
#include "udpchat/welcome_text.hpp"

namespace udpchat {

// What a datagram or line from a server means for the membership. Pure.
struct hub_news {
  bool from_hub = false;  // only a udpchat server sends as "hub"
  bool welcome = false;
  bool paused = false;
  bool closing = false;
  // How long the server keeps a silent member, when its welcome says ("...; idle timeout 10m; ...").
  std::optional<std::chrono::milliseconds> idle_timeout;
};

inline hub_news read_hub_news(std::string_view message) {
  const auto decoded = decode_datagram(message);
  if (const auto* relayed = std::get_if<relayed_message>(&decoded); relayed && relayed->sender == hub_sender) {
    const bool welcome = relayed->text.starts_with(welcome_notice);
    return {true, welcome, relayed->text.starts_with(paused_notice), false,
            welcome ? idle_timeout_in(relayed->text) : std::nullopt};
  }
  if (const auto* departure = std::get_if<departure_notice>(&decoded); departure && departure->sender == hub_sender) {
    return {true, false, false, true, std::nullopt};
  }
  return {};
}

}  // namespace udpchat
