// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The UDP wire format, shared with the original Python hub and terminal.
//
//   member -> hub   <text>                        one datagram is one message
//                   quit                          leave (trailing CR, LF, space, TAB allowed)
//                   (empty datagram)              become a member without saying anything
//
//   hub -> member   <sender>____<text>            <sender> said <text>
//                   <sender>____<notice>____qq    <sender> left; <notice> is free text
//                   hub____<text>                 a notice from the server itself
//                   hub____welcome...             sent to each new member (a udpchat hub);
//                                                 "; idle timeout 10m;" in it says how long a
//                                                 silent member stays one
//                   hub____paused...              the member was sent unheard_limit datagrams
//                                                 without a word back; it gets nothing more
//                                                 until it sends something (an empty datagram)
//                   hub____<notice>____qq         the server is closing
//                   agent____<text>               the agent, at a help desk
//
//   <sender>   ip:port  or  [v6-address]:port  (the Python hub writes ('ip', port))
//   ____       the separator: four underscores. A hub never relays a text holding a run of four
//              or more underscores (see make_relay_text), so the first separator ends <sender>
//              and only a departure has a second one.
//   size       a datagram carries at most max_udp_payload bytes, the IPv4 UDP maximum.

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>

namespace udpchat {

inline constexpr std::string_view field_separator = "____";
inline constexpr std::string_view departure_marker = "qq";
// The notice of a member that sent quit to a udpchat hub; other hubs word it their own way.
inline constexpr std::string_view left_notice = "left";
inline constexpr std::string_view hub_sender = "hub";
inline constexpr std::string_view quit_command = "quit";
inline constexpr std::size_t max_udp_payload = 65507;
// How the hub's notices that a terminal acts on begin (after hub____).
inline constexpr std::string_view welcome_notice = "welcome";
inline constexpr std::string_view paused_notice = "paused";
inline constexpr std::string_view idle_timeout_words = "idle timeout";
inline constexpr std::string_view rate_limit_words = "rate limit";

std::string encode_relay(std::string_view sender, std::string_view text);
std::string encode_departure(std::string_view sender, std::string_view notice);

// What a member's datagram asks of the hub.
enum class inbound_kind { join, quit, message };
struct inbound_datagram {
  inbound_kind kind;
  std::string_view text;  // the message with its line ending removed; empty unless kind==message
};
inbound_datagram classify_inbound(std::string_view datagram);

// What a hub's datagram tells a member. The views point into the decoded datagram.
struct relayed_message {
  std::string_view sender;
  std::string_view text;
};
struct departure_notice {
  std::string_view sender;
  std::string_view notice;
};
enum class decode_error { no_separator, empty_sender };
using decoded_datagram = std::variant<relayed_message, departure_notice, decode_error>;

decoded_datagram decode_datagram(std::string_view datagram);
std::string_view describe(decode_error error);

}  // namespace udpchat
