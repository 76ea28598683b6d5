// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/json_text.hpp"

#include "udpchat/terminal_safe.hpp"

namespace udpchat {

std::string json_string(std::string_view text) {
  const std::string visible = escape_keeping_tab(text);
  std::string quoted;
  quoted.reserve(visible.size() + 2);
  quoted += '"';
  for (const char c : visible) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\t':
        quoted += "\\t";
        break;
      default:
        quoted += c;  // escape_keeping_tab left no other control character
    }
  }
  quoted += '"';
  return quoted;
}

}  // namespace udpchat
