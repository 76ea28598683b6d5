// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <windows.h>

#include <string>
#include <string_view>

namespace udpchat::windows {

// Whether `handle` is a console (input or screen buffer) rather than a pipe, a file or NUL.
bool is_console(HANDLE handle);

// Writes all of `bytes` (UTF-8) to `handle`, blocking until it is taken. A console is written
// with WriteConsoleW after converting to UTF-16, so the text shows right whatever the console's
// code page; a malformed sequence shows as U+FFFD. A sequence cut at the end of `bytes` waits in
// `carry` for the rest (the next call's bytes). Anything else gets the bytes unchanged
// (WriteFile). Returns 0, or the system error (GetLastError) that ended the stream.
DWORD write_whole(HANDLE handle, bool console, std::string_view bytes, std::string& carry);

// `text` (UTF-8) as UTF-16, malformed sequences as U+FFFD.
std::wstring to_utf16(std::string_view text);

}  // namespace udpchat::windows
