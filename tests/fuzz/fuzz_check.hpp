// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every fuzz target shares: the libFuzzer entry point, a check that stops the run on a
// broken property, and independent models of what "terminal safe" means.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

// A broken property aborts: libFuzzer reports it as a crash and saves the input.
#define FUZZ_CHECK(condition)                                                                 \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: property broken: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)

namespace udpchat::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return size == 0 ? std::string_view{} : std::string_view{reinterpret_cast<const char*>(data), size};
}

// The code point of the well-formed UTF-8 sequence at the front of `text` and its length, or
// length 0 when there is none. Written from RFC 3629 without looking at the codec's decoder,
// so the two can be compared.
struct decoded_char {
  std::uint32_t code_point = 0;
  std::size_t length = 0;
};

inline decoded_char decode_utf8(std::string_view text) {
  if (text.empty()) return {};
  const auto lead = static_cast<unsigned char>(text[0]);
  std::size_t length = 0;
  std::uint32_t code_point = 0;
  std::uint32_t smallest = 0;
  if (lead < 0x80U) return {lead, 1};
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2;
    code_point = lead & 0x1FU;
    smallest = 0x80U;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3;
    code_point = lead & 0x0FU;
    smallest = 0x800U;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4;
    code_point = lead & 0x07U;
    smallest = 0x10000U;
  } else {
    return {};
  }
  if (text.size() < length) return {};
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0U) != 0x80U) return {};
    code_point = (code_point << 6U) | (byte & 0x3FU);
  }
  if (code_point < smallest || code_point > 0x10FFFFU) return {};       // overlong, too big
  if (code_point >= 0xD800U && code_point <= 0xDFFFU) return {};        // UTF-16 surrogate
  return {code_point, length};
}

inline bool is_control(std::uint32_t code_point) {
  return (code_point < 0x20U && code_point != '\t') || (code_point >= 0x7FU && code_point <= 0x9FU);
}

// Well-formed UTF-8 holding no control character but TAB: safe to write to a terminal, and one
// line.
inline bool is_terminal_safe(std::string_view text) {
  while (!text.empty()) {
    const decoded_char each = decode_utf8(text);
    if (each.length == 0 || is_control(each.code_point)) return false;
    text.remove_prefix(each.length);
  }
  return true;
}

}  // namespace udpchat::fuzz
