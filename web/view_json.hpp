// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The JSON the web view's page reads (the SSE events' data and /datagram/<seq>), one object
// per function, each on one line. Member text is escaped as a terminal shows it
// (escape_for_terminal) before it becomes a JSON string, so the page gets it only as text.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "event_ring.hpp"
#include "view_feed.hpp"

namespace udpchat::web {

// An endpoint as ip:port, or [ipv6]:port.
std::string endpoint_json_text(const capture_endpoint& end);

std::string hello_json(const view_feed& feed, std::size_t viewers_max, const view_conditions& conditions,
                       std::int64_t now_ms);
std::string conditions_json(const view_conditions& conditions);
// Lists at most members_listed members, and "more" for the rest.
std::string members_json(const members_snapshot& members);
std::string rates_json(std::span<const rate_second> seconds);
// Over TCP an event's text is its line without the line's ending.
std::string datagrams_json(std::span<const event_slice> slices, view_transport transport = view_transport::udp);
std::string missed_json(std::uint64_t count, std::uint64_t next_seq);
// One datagram opened: its fields decoded, its bytes as --trace dumps them, its IP and UDP
// headers as --pcap writes them. Over TCP the event is one line as it was on the wire, with its
// ending: its fields are the line's, and in place of headers a "carrier" note says that TCP's
// segments are not seen (a line may share a segment with others, or span several).
std::string datagram_detail_json(const event_batch& batch, const datagram_event& event,
                                 view_transport transport = view_transport::udp);

}  // namespace udpchat::web
