// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace udpchat {

// Text from a peer, made safe to write to a terminal and to show on one line:
//   - well-formed UTF-8 passes unchanged, and so does TAB;
//   - LF and CR become the two characters \n and \r;
//   - every other C0 control byte, DEL, every C1 control (U+0080..U+009F) and every byte that is
//     not part of well-formed UTF-8 becomes \xNN, one per byte.
// The result is well-formed UTF-8 with no control character but TAB.
std::string escape_for_terminal(std::string_view text);

// What a hub relays for a member's text: escape_for_terminal, and then every run of four or
// more underscores rewritten as the same number of U+FF3F FULLWIDTH LOW LINE characters, so the
// text can never hold the ____ field separator.
std::string make_relay_text(std::string_view text);
// The same, appended to `out`: a hub reusing one buffer allocates nothing per message.
void append_relay_text(std::string& out, std::string_view text);

}  // namespace udpchat
