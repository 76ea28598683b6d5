// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/hex_dump.hpp"

#include <cstddef>

namespace udpchat {
namespace {

constexpr std::size_t bytes_per_line = 16;
constexpr std::string_view hex_digits = "0123456789abcdef";

void append_offset(std::string& out, std::size_t offset) {
  // Six digits, as od writes them; more only past 16 MiB, which no datagram or line reaches.
  std::size_t digits = 6;
  while (digits < 2 * sizeof offset && (offset >> (4 * digits)) != 0) ++digits;
  for (std::size_t i = digits; i-- > 0;) out.push_back(hex_digits[(offset >> (4 * i)) & 0xFU]);
}

}  // namespace

void append_hex_dump(std::string& out, std::string_view bytes) {
  std::size_t offset = 0;
  for (; offset < bytes.size(); offset += bytes_per_line) {
    const std::string_view line = bytes.substr(offset, bytes_per_line);
    append_offset(out, offset);
    for (const char each : line) {
      const std::size_t byte = static_cast<unsigned char>(each);
      out.push_back(' ');
      out.push_back(hex_digits[byte >> 4U]);
      out.push_back(hex_digits[byte & 0xFU]);
    }
    // The text column lines up under a full line's.
    out.append(3 * (bytes_per_line - line.size()) + 2, ' ');
    out.push_back('|');
    for (const char each : line) out.push_back(each >= ' ' && each <= '~' ? each : '.');
    out.append("|\n");
  }
  append_offset(out, bytes.size());
  out.push_back('\n');
}

std::string hex_dump(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() / bytes_per_line + 2) * 80);
  append_hex_dump(out, bytes);
  return out;
}

}  // namespace udpchat
