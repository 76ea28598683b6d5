// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the terminal makes of the answers to its discovery probes (udpchat/discovery_message.hpp):
// one entry per server, the list a person reads, and whether to join, ask or give up. Pure: no
// sockets, no input or output.

#include <asio/ip/address.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "udpchat/discovery_message.hpp"

namespace udpchat {

// A server that answered: it serves at `address` (where its answer came from; for a link-local
// IPv6 address, with the scope id of the link it came over) and the answer's port.
struct found_server {
  asio::ip::address address;
  discovery_answer answer;
};

// Adds the answer `answer`, which came from `source`, to `found`. A server is one entry however
// often and however it was heard (broadcast and multicast, IPv4 and IPv6), told apart by the
// answer's instance: a later answer replaces the entry only to give an IPv4 address in place of
// an IPv6 one. IPv4-mapped IPv6 sources count as the IPv4 address they map.
void add_found_server(std::vector<found_server>& found, const asio::ip::address& source, discovery_answer answer);

// Orders `found` by name, then kind, address and port: the numbers a person picks from do not
// depend on which answer came first.
void sort_for_listing(std::vector<found_server>& found);

// One server as a person reads it: "Room 101 — hub at 169.254.1.1:8000, 3 members" (a desk has
// customers). The name goes through escape_for_terminal.
std::string describe_found_server(const found_server& server);
// Every server, numbered from 1, one line each ending in '\n': "  1) Room 101 — hub at ...".
std::string found_server_list(const std::vector<found_server>& found);
// What was looked for, for messages: "hub", "room or desk", "desk".
std::string_view sought_text(wanted_kind want, bool desk_only);

enum class discovery_outcome {
  join,           // exactly one server: join it
  ask,            // several, and a person at the terminal picks one by number
  none_found,     // nobody answered: fail
  several_found,  // several, and no person to ask (stdin is not a terminal): fail, listing them
};
// What to do with `found` servers; `interactive` when stdin is a terminal.
discovery_outcome decide_discovery(std::size_t found, bool interactive);

// The index (0-based) of the server a person chose by typing `typed` at the prompt: a number
// from 1 to `count`, spaces around it allowed; nullopt for anything else.
std::optional<std::size_t> chosen_index(std::string_view typed, std::size_t count);

}  // namespace udpchat
