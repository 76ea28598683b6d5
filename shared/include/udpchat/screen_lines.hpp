// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat {

// What begins every screen line after the first of a shown line: two blanks, U+2506 BOX DRAWINGS
// LIGHT TRIPLE DASH VERTICAL and a blank, 4 columns. No line the programs show starts with it,
// and a peer's text always follows its sender on the same row, so a row starting with this mark
// is always the rest of the line above it, and every other row starts a line.
inline constexpr std::string_view continuation_mark = "  \xE2\x94\x86 ";
inline constexpr std::size_t continuation_mark_columns = 4;
// The narrowest screen wrapped for: the mark and the widest piece that is never split (\xNN).
inline constexpr std::size_t min_screen_columns = 8;

// The rows a terminal `columns` wide shows for one line, wrapped here rather than by the
// terminal so that no part of a peer's text can land at the start of a row and pass for a line
// of its own:
//   - the first row is the line's start; every later row is continuation_mark and what follows;
//   - a row breaks after its last blank if that leaves it at least half full, else after the
//     last character that fits; a row may fill all `columns` (terminals that wrap late, as
//     xterm, VTE, tmux and the Linux console do, then take the newline without a blank row);
//   - a wide character (2 columns) that does not fit goes to the next row whole; combining
//     marks and other zero-width characters stay with the character before them; an escape the
//     safe display writes (\xNN, \n, \r, \t) is never split.
// Widths are Unicode's as glibc's wcwidth gives them in the C.UTF-8 locale, whatever the
// program's own locale, as terminals working in UTF-8 draw them. Where a terminal may draw a
// character wider, the wider count is taken, since a row counted too wide only breaks early: a
// character wcwidth does not know takes 2 columns, and so does one followed by U+FE0F (emoji
// form). `line` is first passed through escape_for_terminal (a line that is safe
// already comes through unchanged), so no row holds a control character.
// columns == 0 means the width is unknown: one row, the escaped line. Fewer than
// min_screen_columns are taken as min_screen_columns.
std::vector<std::string> screen_lines(std::string_view line, std::size_t columns);

// The same rows joined by "\n", without a newline at the end.
std::string wrap_for_screen(std::string_view line, std::size_t columns);

}  // namespace udpchat
