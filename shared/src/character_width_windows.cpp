// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/character_width.hpp"

#include <algorithm>
#include <array>
#include <iterator>

namespace udpchat {
namespace {

struct code_range {
  char32_t first;
  char32_t last;
};

// Drawn in no column of their own: combining marks (general category Mn and Me) in the blocks
// chat text meets, zero-width format characters, and variation selectors.
constexpr std::array zero_width{
    code_range{0x0300, 0x036F}, code_range{0x0483, 0x0489}, code_range{0x0591, 0x05BD},
    code_range{0x05BF, 0x05BF}, code_range{0x05C1, 0x05C2}, code_range{0x05C4, 0x05C5},
    code_range{0x05C7, 0x05C7}, code_range{0x0610, 0x061A}, code_range{0x064B, 0x065F},
    code_range{0x0670, 0x0670}, code_range{0x06D6, 0x06DC}, code_range{0x06DF, 0x06E4},
    code_range{0x06E7, 0x06E8}, code_range{0x06EA, 0x06ED}, code_range{0x0900, 0x0902},
    code_range{0x093A, 0x093A}, code_range{0x093C, 0x093C}, code_range{0x0941, 0x0948},
    code_range{0x094D, 0x094D}, code_range{0x0951, 0x0957}, code_range{0x0E31, 0x0E31},
    code_range{0x0E34, 0x0E3A}, code_range{0x0E47, 0x0E4E}, code_range{0x1160, 0x11FF},
    code_range{0x1AB0, 0x1AFF}, code_range{0x1DC0, 0x1DFF}, code_range{0x200B, 0x200F},
    code_range{0x202A, 0x202E}, code_range{0x2060, 0x2064}, code_range{0x20D0, 0x20FF},
    code_range{0x302A, 0x302D}, code_range{0x3099, 0x309A}, code_range{0xFE00, 0xFE0F},
    code_range{0xFE20, 0xFE2F}, code_range{0xFEFF, 0xFEFF}, code_range{0x1F3FB, 0x1F3FF},
    code_range{0xE0001, 0xE0001}, code_range{0xE0020, 0xE007F}, code_range{0xE0100, 0xE01EF},
};

// Two columns: East Asian Wide and Fullwidth (UAX #11), emoji with emoji presentation among them.
constexpr std::array double_width{
    code_range{0x1100, 0x115F},   code_range{0x231A, 0x231B},   code_range{0x2329, 0x232A},
    code_range{0x23E9, 0x23EC},   code_range{0x23F0, 0x23F0},   code_range{0x23F3, 0x23F3},
    code_range{0x25FD, 0x25FE},   code_range{0x2614, 0x2615},   code_range{0x2648, 0x2653},
    code_range{0x267F, 0x267F},   code_range{0x2693, 0x2693},   code_range{0x26A1, 0x26A1},
    code_range{0x26AA, 0x26AB},   code_range{0x26BD, 0x26BE},   code_range{0x26C4, 0x26C5},
    code_range{0x26CE, 0x26CE},   code_range{0x26D4, 0x26D4},   code_range{0x26EA, 0x26EA},
    code_range{0x26F2, 0x26F3},   code_range{0x26F5, 0x26F5},   code_range{0x26FA, 0x26FA},
    code_range{0x26FD, 0x26FD},   code_range{0x2705, 0x2705},   code_range{0x270A, 0x270B},
    code_range{0x2728, 0x2728},   code_range{0x274C, 0x274C},   code_range{0x274E, 0x274E},
    code_range{0x2753, 0x2755},   code_range{0x2757, 0x2757},   code_range{0x2795, 0x2797},
    code_range{0x27B0, 0x27B0},   code_range{0x27BF, 0x27BF},   code_range{0x2B1B, 0x2B1C},
    code_range{0x2B50, 0x2B50},   code_range{0x2B55, 0x2B55},   code_range{0x2E80, 0x303E},
    code_range{0x3041, 0x3247},   code_range{0x3250, 0x4DBF},   code_range{0x4E00, 0xA4CF},
    code_range{0xA960, 0xA97F},   code_range{0xAC00, 0xD7A3},   code_range{0xF900, 0xFAFF},
    code_range{0xFE10, 0xFE19},   code_range{0xFE30, 0xFE6F},   code_range{0xFF00, 0xFF60},
    code_range{0xFFE0, 0xFFE6},   code_range{0x16FE0, 0x16FE4}, code_range{0x17000, 0x18CFF},
    code_range{0x1B000, 0x1B2FF}, code_range{0x1F004, 0x1F004}, code_range{0x1F0CF, 0x1F0CF},
    code_range{0x1F18E, 0x1F18E}, code_range{0x1F191, 0x1F19A}, code_range{0x1F200, 0x1F251},
    code_range{0x1F300, 0x1F320}, code_range{0x1F32D, 0x1F335}, code_range{0x1F337, 0x1F37C},
    code_range{0x1F37E, 0x1F393}, code_range{0x1F3A0, 0x1F3CA}, code_range{0x1F3CF, 0x1F3D3},
    code_range{0x1F3E0, 0x1F3F0}, code_range{0x1F3F4, 0x1F3F4}, code_range{0x1F3F8, 0x1F3FA},
    code_range{0x1F400, 0x1F43E}, code_range{0x1F440, 0x1F440}, code_range{0x1F442, 0x1F4FC},
    code_range{0x1F4FF, 0x1F53D}, code_range{0x1F54B, 0x1F54E}, code_range{0x1F550, 0x1F567},
    code_range{0x1F57A, 0x1F57A}, code_range{0x1F595, 0x1F596}, code_range{0x1F5A4, 0x1F5A4},
    code_range{0x1F5FB, 0x1F64F}, code_range{0x1F680, 0x1F6C5}, code_range{0x1F6CC, 0x1F6CC},
    code_range{0x1F6D0, 0x1F6D2}, code_range{0x1F6D5, 0x1F6D7}, code_range{0x1F6DC, 0x1F6DF},
    code_range{0x1F6EB, 0x1F6EC}, code_range{0x1F6F4, 0x1F6FC}, code_range{0x1F7E0, 0x1F7EB},
    code_range{0x1F7F0, 0x1F7F0}, code_range{0x1F90C, 0x1F93A}, code_range{0x1F93C, 0x1F945},
    code_range{0x1F947, 0x1F9FF}, code_range{0x1FA70, 0x1FAFF}, code_range{0x20000, 0x2FFFD},
    code_range{0x30000, 0x3FFFD},
};

template <std::size_t N>
bool contains(const std::array<code_range, N>& ranges, char32_t code_point) {
  const auto after = std::upper_bound(ranges.begin(), ranges.end(), code_point,
                                      [](char32_t value, const code_range& range) { return value < range.first; });
  return after != ranges.begin() && code_point <= std::prev(after)->last;
}

}  // namespace

character_widths::character_widths() = default;
character_widths::~character_widths() = default;

std::size_t character_widths::of(char32_t code_point) {
  if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return 2;
  if (contains(zero_width, code_point)) return 0;
  if (contains(double_width, code_point)) return 2;
  return 1;
}

}  // namespace udpchat
