// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string_view>

namespace udpchat {

// Length in bytes of the well-formed UTF-8 sequence starting text[0], or 0 when text does not
// start with one (a stray continuation byte, an overlong form, a surrogate, a code point past
// U+10FFFF, or a sequence cut short). text must not be empty.
std::size_t utf8_sequence_length(std::string_view text);

}  // namespace udpchat
