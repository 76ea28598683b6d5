// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminal.hpp"

#include <windows.h>

#include "windows/console_terminal.hpp"
#include "windows/pipe_terminal.hpp"
#include "windows/standard_handle.hpp"

namespace udpchat {

std::unique_ptr<terminal> make_terminal(asio::io_context& io, std::size_t max_line_bytes,
                                        const char* prompt, slow_output when_slow) {
  if (windows::is_console(GetStdHandle(STD_INPUT_HANDLE)) && windows::is_console(GetStdHandle(STD_OUTPUT_HANDLE))) {
    return std::make_unique<windows::console_terminal>(io, max_line_bytes, prompt, when_slow);
  }
  return std::make_unique<windows::pipe_terminal>(io, max_line_bytes, when_slow);
}

}  // namespace udpchat
