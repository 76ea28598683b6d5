// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/member_name.hpp"

namespace udpchat {
namespace {

bool is_name_byte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

constexpr std::string_view name_opens = " (";

}  // namespace

bool is_valid_name(std::string_view name) {
  if (name.empty() || name.size() > max_name_bytes) return false;
  for (const char c : name) {
    if (!is_name_byte(c)) return false;
  }
  return name.find("____") == std::string_view::npos;
}

std::string_view name_rule() {
  return "a name is 1 to 20 ASCII letters, digits, '.', '-' or '_' (no four '_' in a row)";
}

std::string named_sender(std::string_view name, std::string_view address) {
  std::string sender;
  append_named_sender(sender, name, address);
  return sender;
}

void append_named_sender(std::string& out, std::string_view name, std::string_view address) {
  if (name.empty()) {
    out.append(address);
    return;
  }
  out.append(name).append(name_opens).append(address).push_back(')');
}

sender_parts split_sender(std::string_view sender) {
  const auto opens = sender.find(name_opens);
  if (opens == std::string_view::npos || !sender.ends_with(')')) return {{}, sender};
  const std::string_view name = sender.substr(0, opens);
  if (!is_valid_name(name)) return {{}, sender};
  const std::size_t start = opens + name_opens.size();
  return {name, sender.substr(start, sender.size() - 1 - start)};
}

}  // namespace udpchat
