// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace udpchat {

// Text from a peer, made safe to write to a terminal and to show on one line:
//   - well-formed UTF-8 passes unchanged;
//   - TAB, LF and CR become the two characters \t, \n and \r (a TAB would move what follows
//     to a column of the sender's choosing);
//   - every other C0 control byte, DEL, every C1 control (U+0080..U+009F) and every byte that is
//     not part of well-formed UTF-8 becomes \xNN, one per byte.
// The result is well-formed UTF-8 with no control character. Escaping it again changes nothing.
std::string escape_for_terminal(std::string_view text);

// The same, but TAB stays: for text that is not shown on a screen as it is, such as a JSON
// string, whose own escape for TAB keeps it a TAB for the program that reads it.
std::string escape_keeping_tab(std::string_view text);

// What a hub relays for a member's text: escape_keeping_tab (a TAB reaches other members, whose
// terminals deal with it), and then every run of four or more underscores rewritten as the same
// number of U+FF3F FULLWIDTH LOW LINE characters, so the text can never hold the ____ field
// separator.
std::string make_relay_text(std::string_view text);
// The same, appended to `out`: a hub reusing one buffer allocates nothing per message.
void append_relay_text(std::string& out, std::string_view text);

}  // namespace udpchat
