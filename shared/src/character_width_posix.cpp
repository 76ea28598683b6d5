// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/character_width.hpp"

#include <locale.h>
#include <wchar.h>

namespace udpchat {
namespace {

// wcwidth answers for the calling thread's locale, and in the "C" locale it knows no character
// past ASCII; C.UTF-8 is built into glibc.
locale_t utf8_locale() {
  static const locale_t locale = ::newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
  return locale;
}

}  // namespace

character_widths::character_widths() {
  if (utf8_locale() != locale_t{}) previous_locale_ = ::uselocale(utf8_locale());
}

character_widths::~character_widths() {
  if (previous_locale_ != nullptr) ::uselocale(static_cast<locale_t>(previous_locale_));
}

std::size_t character_widths::of(char32_t code_point) {
  const int width = ::wcwidth(static_cast<wchar_t>(code_point));
  return width < 0 ? 2 : static_cast<std::size_t>(width);
}

}  // namespace udpchat
