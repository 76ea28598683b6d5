// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace udpchat {

// `text` as a JSON string, quotes included. Bytes that are not well-formed UTF-8 and control
// characters but TAB are first made visible as escape_for_terminal shows them (\xff, \n), so the
// result is always valid JSON and says what a terminal would show.
std::string json_string(std::string_view text);

}  // namespace udpchat
