// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Display names. A hub shows a named member as "alice (127.0.0.1:5000)": the address the hub
// saw stays beside the name, so a name never passes for somebody else.

#include <cstddef>
#include <string>
#include <string_view>

namespace udpchat {

inline constexpr std::size_t max_name_bytes = 20;

// 1 to max_name_bytes of A-Z a-z 0-9 . - _ with no run of four underscores: nothing a terminal
// could misread, nothing that looks like an address, never the ____ separator.
bool is_valid_name(std::string_view name);
// What is wrong with a name that is not valid, in words for the one who chose it.
std::string_view name_rule();

// "<name> (<address>)", or just the address when there is no name.
std::string named_sender(std::string_view name, std::string_view address);
void append_named_sender(std::string& out, std::string_view name, std::string_view address);

struct sender_parts {
  std::string_view name;     // empty when the sender has none
  std::string_view address;  // the whole sender when it has no name
};
// Splits what named_sender made; any other sender is all address.
sender_parts split_sender(std::string_view sender);

}  // namespace udpchat
