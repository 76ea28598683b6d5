// SPDX-License-Identifier: GPL-3.0-or-later
#include "stdin_terminal.hpp"

#include <unistd.h>

namespace udpchat {

bool stdin_is_terminal() { return ::isatty(STDIN_FILENO) == 1; }

}  // namespace udpchat
