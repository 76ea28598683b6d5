// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace udpchat {

// Columns of the terminal that `fd` writes to, by TIOCGWINSZ (ioctl_tty(2)), asked afresh on
// every call so that a resized window is followed with no SIGWINCH handler of ours. 0 when `fd`
// is not a terminal, or is one nobody has given a size (a bare pseudo-terminal). On Windows `fd`
// is 1 or 2, and the width is that of the console window (GetConsoleScreenBufferInfo).
std::size_t terminal_columns(int fd);

// `line` (one line, no newline) as it is to be written to the terminal `fd`: wrapped by
// wrap_for_screen to the terminal's width, so that every row after the first is marked as the
// rest of the line; when the width is unknown, the line made safe and left whole.
std::string fit_to_terminal(std::string_view line, int fd);

}  // namespace udpchat
