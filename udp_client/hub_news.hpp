// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>
#include <string_view>
#include <variant>

#include "udpchat/datagram_codec.hpp"
#include "udpchat/welcome_text.hpp"

namespace udpchat {

// How a udpchat server's notices that a terminal counts begin, after "hub____". They are the
// hub's words (udp_server/udp_hub.cpp): an error is a refusal to a newcomer (the hub is full,
// too many from one address, joining too fast) or a member's message not taken.
inline constexpr std::string_view error_notice = "error:";
inline constexpr std::string_view over_rate_notice = "error: slow down";
inline constexpr std::string_view not_relayed_notice = "error: message not relayed";

// What a datagram or line from a server means for the membership. Pure.
struct hub_news {
  bool from_hub = false;  // only a udpchat server sends as "hub"
  bool welcome = false;
  bool paused = false;
  bool closing = false;
  // "hub____error: ...": to a newcomer, a refusal; to a member, a message not taken.
  bool error = false;
  bool over_rate = false;    // messages were dropped for coming too fast (how many is not said)
  bool not_relayed = false;  // one message was not relayed
  // How long the server keeps a silent member, when its welcome says ("...; idle timeout 10m; ...").
  std::optional<std::chrono::milliseconds> idle_timeout;
  // How many messages a second it takes from one member, when its welcome says.
  std::optional<rate_limit> rate;
};

inline hub_news read_hub_news(std::string_view message) {
  hub_news news;
  const auto decoded = decode_datagram(message);
  if (const auto* relayed = std::get_if<relayed_message>(&decoded); relayed && relayed->sender == hub_sender) {
    news.from_hub = true;
    news.welcome = relayed->text.starts_with(welcome_notice);
    news.paused = relayed->text.starts_with(paused_notice);
    news.error = relayed->text.starts_with(error_notice);
    news.over_rate = relayed->text.starts_with(over_rate_notice);
    news.not_relayed = relayed->text.starts_with(not_relayed_notice);
    if (news.welcome) {
      news.idle_timeout = idle_timeout_in(relayed->text);
      news.rate = rate_limit_in(relayed->text);
    }
  } else if (const auto* departure = std::get_if<departure_notice>(&decoded);
             departure && departure->sender == hub_sender) {
    news.from_hub = true;
    news.closing = true;
  }
  return news;
}

// Whether a server's message is another member's message or departure, relayed to members only.
inline bool is_member_news(std::string_view message) {
  const auto decoded = decode_datagram(message);
  if (const auto* relayed = std::get_if<relayed_message>(&decoded)) return relayed->sender != hub_sender;
  if (const auto* departure = std::get_if<departure_notice>(&decoded)) return departure->sender != hub_sender;
  return false;
}

}  // namespace udpchat
