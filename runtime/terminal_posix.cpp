// SPDX-License-Identifier: GPL-3.0-or-later
#include "terminal.hpp"

#include <unistd.h>

#include "plain_terminal.hpp"
#include "readline_terminal.hpp"

namespace udpchat {

std::unique_ptr<terminal> make_terminal(asio::io_context& io, std::size_t max_line_bytes,
                                        const char* prompt, slow_output when_slow) {
  if (::isatty(STDIN_FILENO) == 1 && ::isatty(STDOUT_FILENO) == 1) {
    return std::make_unique<readline_terminal>(io, max_line_bytes, prompt, when_slow);
  }
  return std::make_unique<plain_terminal>(io, max_line_bytes, when_slow);
}

}  // namespace udpchat
