// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/member_command.hpp"

namespace udpchat {
namespace {

constexpr std::string_view blanks = " \t";
static_assert(nick_command.starts_with('/') && who_command.starts_with('/'), "parse_member_command looks for '/' first");

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(blanks);
  return text.substr(first, last - first + 1);
}

// The rest of `text` after `command`, when `command` is its first word.
std::optional<std::string_view> after_command(std::string_view text, std::string_view command) {
  if (!text.starts_with(command)) return std::nullopt;
  const std::string_view rest = text.substr(command.size());
  if (!rest.empty() && blanks.find(rest.front()) == std::string_view::npos) return std::nullopt;
  return trimmed(rest);
}

}  // namespace

std::optional<member_command> parse_member_command(std::string_view text) {
  // Nearly every message is not a command: a hub asks this of each one.
  if (text.empty() || text.front() != '/') return std::nullopt;
  if (const auto name = after_command(text, nick_command)) {
    return member_command{member_command_kind::nick, *name};
  }
  if (const auto rest = after_command(text, who_command); rest && rest->empty()) {
    return member_command{member_command_kind::who, {}};
  }
  return std::nullopt;
}

}  // namespace udpchat
