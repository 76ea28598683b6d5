// SPDX-License-Identifier: GPL-3.0-or-later
#include "screen_width.hpp"

#include <sys/ioctl.h>

#include "udpchat/screen_lines.hpp"

namespace udpchat {

std::size_t terminal_columns(int fd) {
  winsize size{};
  if (::ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
  return size.ws_col;
}

std::string fit_to_terminal(std::string_view line, int fd) {
  return wrap_for_screen(line, terminal_columns(fd));
}

}  // namespace udpchat
