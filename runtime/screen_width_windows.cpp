// SPDX-License-Identifier: GPL-3.0-or-later
#include "screen_width.hpp"

#include <windows.h>

#include "udpchat/screen_lines.hpp"

namespace udpchat {

// `fd` is 1 or 2 (standard output or error); the console's window, not its buffer, is what a
// person sees, so its width counts (GetConsoleScreenBufferInfo).
std::size_t terminal_columns(int fd) {
  const HANDLE handle = GetStdHandle(fd == 2 ? STD_ERROR_HANDLE : STD_OUTPUT_HANDLE);
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (handle == nullptr || handle == INVALID_HANDLE_VALUE || GetConsoleScreenBufferInfo(handle, &info) == 0) {
    return 0;
  }
  const int columns = info.srWindow.Right - info.srWindow.Left + 1;
  return columns > 0 ? static_cast<std::size_t>(columns) : 0;
}

std::string fit_to_terminal(std::string_view line, int fd) {
  return wrap_for_screen(line, terminal_columns(fd));
}

}  // namespace udpchat
