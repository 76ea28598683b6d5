// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk_key_file.hpp"

namespace udpchat {

std::string agent_key_problem(std::string_view secret) {
  constexpr std::size_t shortest = 16;
  constexpr std::size_t longest = 1024;
  if (secret.size() < shortest || secret.size() > longest) {
    return "the key (its first line) must be 16 to 1024 characters, not " + std::to_string(secret.size());
  }
  for (const char c : secret) {
    if (c < ' ' || c > '~') return "the key (its first line) must be printable ASCII";
  }
  return {};
}

}  // namespace udpchat
