// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whether a person is at the keyboard. One implementation file per platform.

namespace udpchat {

// Whether standard input is a terminal (a console on Windows), not a pipe, a file or NUL.
bool stdin_is_terminal();

}  // namespace udpchat
