// SPDX-License-Identifier: GPL-3.0-or-later
#include "stdin_terminal.hpp"

#include <windows.h>

namespace udpchat {

// Not _isatty: it says yes for NUL and other character devices, where nobody can answer.
bool stdin_is_terminal() {
  DWORD mode = 0;
  return ::GetConsoleMode(::GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
}

}  // namespace udpchat
