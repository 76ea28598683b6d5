// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/utf8.hpp"

namespace udpchat {
namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

}  // namespace

std::size_t utf8_sequence_length(std::string_view text) {
  const auto lead = static_cast<unsigned char>(text[0]);
  if (lead < 0x80U) {
    return 1;
  }
  std::size_t length = 0;
  // The second byte's range depends on the lead byte: this is what rules out overlong forms,
  // UTF-16 surrogates (U+D800..U+DFFF) and code points past U+10FFFF (RFC 3629, section 4).
  unsigned char second_min = 0x80U;
  unsigned char second_max = 0xBFU;
  if (lead >= 0xC2U && lead <= 0xDFU) {
    length = 2;
  } else if (lead >= 0xE0U && lead <= 0xEFU) {
    length = 3;
    if (lead == 0xE0U) second_min = 0xA0U;
    if (lead == 0xEDU) second_max = 0x9FU;
  } else if (lead >= 0xF0U && lead <= 0xF4U) {
    length = 4;
    if (lead == 0xF0U) second_min = 0x90U;
    if (lead == 0xF4U) second_max = 0x8FU;
  } else {
    return 0;
  }
  if (text.size() < length) {
    return 0;
  }
  const auto second = static_cast<unsigned char>(text[1]);
  if (second < second_min || second > second_max) {
    return 0;
  }
  for (std::size_t i = 2; i < length; ++i) {
    if (!is_continuation(static_cast<unsigned char>(text[i]))) {
      return 0;
    }
  }
  return length;
}

std::size_t utf8_cut_tail_length(std::string_view text) {
  for (std::size_t back = 1; back <= 3 && back <= text.size(); ++back) {
    const auto byte = static_cast<unsigned char>(text[text.size() - back]);
    if (is_continuation(byte)) continue;
    const std::size_t expected = byte >= 0xF0U ? 4 : byte >= 0xE0U ? 3 : byte >= 0xC0U ? 2 : 1;
    return expected > back ? back : 0;
  }
  return 0;
}

}  // namespace udpchat
