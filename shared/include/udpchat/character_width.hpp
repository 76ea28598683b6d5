// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How many columns a terminal draws one code point in. On POSIX systems the C library says
// (wcwidth(3), asked under C.UTF-8 whatever LANG is); on Windows, whose C library has no
// wcwidth, a table of Unicode's wide and zero-width ranges does (UAX #11 East Asian Width, and
// the combining marks and format characters of the Unicode Character Database).
// One implementation file per platform.

#include <cstddef>

namespace udpchat {

// Held while widths are asked: on POSIX systems it switches the calling thread to a UTF-8
// locale, and back when it goes. Widths asked without one may be those of the "C" locale.
class character_widths {
 public:
  character_widths();
  ~character_widths();
  character_widths(const character_widths&) = delete;
  character_widths& operator=(const character_widths&) = delete;

  // 0 (a combining mark, a zero-width format character), 1 or 2 columns. A code point the
  // system does not know counts 2: more than the terminal draws only breaks a row early, less
  // would let the terminal wrap it unmarked.
  static std::size_t of(char32_t code_point);

 private:
  void* previous_locale_ = nullptr;  // POSIX: the thread's locale before (a locale_t)
};

}  // namespace udpchat
