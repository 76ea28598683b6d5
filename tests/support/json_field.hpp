// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

namespace udpchat::testing {

// The value of "key": in a one-line JSON object such as udpchat-bench --json prints, as the
// text between the colon and the next comma or closing brace; empty when the key is absent.
// Enough for the flat objects of the bench; not a JSON parser.
inline std::string json_field(const std::string& json, const std::string& key) {
  const std::string quoted = "\"" + key + "\":";
  const auto at = json.find(quoted);
  if (at == std::string::npos) return {};
  const auto start = at + quoted.size();
  return json.substr(start, json.find_first_of(",}", start) - start);
}

}  // namespace udpchat::testing
