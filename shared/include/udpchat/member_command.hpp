// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Commands a member sends its hub in place of a message. A hub that does not know them (the
// original Python hub) relays them as ordinary text.
//
//   /nick <name>     be shown as "<name> (<ip:port>)" from now on
//   /who             the hub answers with its members, their names and idle times

#include <optional>
#include <string_view>

namespace udpchat {

inline constexpr std::string_view nick_command = "/nick";
inline constexpr std::string_view who_command = "/who";

enum class member_command_kind { nick, who };
struct member_command {
  member_command_kind kind;
  std::string_view argument;  // the name for nick (may be empty or invalid); empty for who
};

// The command a message text holds, if it is one. Spaces and TABs around the argument, and
// after a command, do not count.
std::optional<member_command> parse_member_command(std::string_view text);

}  // namespace udpchat
