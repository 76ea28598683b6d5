// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <string_view>

namespace udpchat {

// Length in bytes of the well-formed UTF-8 sequence starting text[0], or 0 when text does not
// start with one (a stray continuation byte, an overlong form, a surrogate, a code point past
// U+10FFFF, or a sequence cut short). text must not be empty.
std::size_t utf8_sequence_length(std::string_view text);

// How many bytes at the end of `text` begin a UTF-8 sequence whose last bytes are missing
// (0 to 3): what a writer that converts text in pieces keeps for the next piece, so as not to
// cut a character in two. Judged by the lead byte's count of bytes only; 0 when the end is a
// whole sequence, or is not the start of one at all.
std::size_t utf8_cut_tail_length(std::string_view text);

}  // namespace udpchat
