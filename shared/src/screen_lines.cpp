// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/screen_lines.hpp"

#include <algorithm>

#include "udpchat/character_width.hpp"
#include "udpchat/terminal_safe.hpp"
#include "udpchat/utf8.hpp"

namespace udpchat {
namespace {

char32_t decode(std::string_view sequence) {
  const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(sequence[i])); };
  switch (sequence.size()) {
    case 1:
      return byte(0);
    case 2:
      return ((byte(0) & 0x1FU) << 6U) | (byte(1) & 0x3FU);
    case 3:
      return ((byte(0) & 0x0FU) << 12U) | ((byte(1) & 0x3FU) << 6U) | (byte(2) & 0x3FU);
    default:
      return ((byte(0) & 0x07U) << 18U) | ((byte(1) & 0x3FU) << 12U) | ((byte(2) & 0x3FU) << 6U) |
             (byte(3) & 0x3FU);
  }
}

constexpr char32_t emoji_presentation = U'\uFE0F';  // VARIATION SELECTOR-16

bool is_hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// Bytes of the escape escape_for_terminal writes at the front of `text` (\xNN, \n, \r, \t), or 0.
std::size_t escape_length(std::string_view text) {
  if (text.size() < 2 || text[0] != '\\') return 0;
  if (text[1] == 'n' || text[1] == 'r' || text[1] == 't') return 2;
  if (text.size() >= 4 && text[1] == 'x' && is_hex_digit(text[2]) && is_hex_digit(text[3])) return 4;
  return 0;
}

// What is never split across rows: an escape, or a character with the zero-width ones after it.
struct piece {
  std::size_t bytes;
  std::size_t columns;
  bool is_blank;
};

// The piece at the front of `text`, which is safe text (well-formed UTF-8, no control character).
piece next_piece(std::string_view text) {
  if (const std::size_t escape = escape_length(text); escape > 0) return {escape, escape, false};
  std::size_t bytes = utf8_sequence_length(text);
  if (bytes == 0) bytes = 1;  // cannot happen with safe text; a byte then counts as a column
  const auto first = static_cast<unsigned char>(text[0]);
  std::size_t columns = first >= 0x20U && first < 0x7FU ? 1 : character_widths::of(decode(text.substr(0, bytes)));
  const bool is_blank = first == ' ';
  while (bytes < text.size() && static_cast<unsigned char>(text[bytes]) >= 0x80U) {
    const std::size_t length = utf8_sequence_length(text.substr(bytes));
    if (length == 0) break;
    const char32_t attached = decode(text.substr(bytes, length));
    if (character_widths::of(attached) != 0) break;
    // U+FE0F asks for the emoji form, which terminals draw 2 wide where the system may say 1.
    if (attached == emoji_presentation) columns = std::max<std::size_t>(columns, 2);
    bytes += length;
  }
  return {bytes, columns, is_blank};
}

}  // namespace

std::vector<std::string> screen_lines(std::string_view line, std::size_t columns) {
  const std::string safe = escape_for_terminal(line);
  if (columns == 0) return {safe};
  columns = std::max(columns, min_screen_columns);
  const character_widths widths;
  std::vector<std::string> rows;
  std::string row;
  std::size_t row_columns = 0;
  std::size_t start_columns = 0;  // what the row holds before any of the line: 0, or the mark
  // Where the row's last blank ends, in bytes and columns; no break there when bytes is 0.
  std::size_t after_blank_bytes = 0;
  std::size_t after_blank_columns = 0;
  std::string_view rest = safe;
  while (!rest.empty()) {
    const piece next = next_piece(rest);
    // A second time round only when what was carried over leaves no room for the next piece.
    while (row_columns + next.columns > columns && row_columns > start_columns) {
      std::string carried;
      std::size_t carried_columns = 0;
      if (after_blank_bytes > 0 && 2 * after_blank_columns >= columns) {
        carried = row.substr(after_blank_bytes);
        carried_columns = row_columns - after_blank_columns;
        row.resize(after_blank_bytes);
      }
      rows.push_back(std::move(row));
      row.assign(continuation_mark).append(carried);
      start_columns = continuation_mark_columns;
      row_columns = start_columns + carried_columns;
      after_blank_bytes = 0;
    }
    row.append(rest.substr(0, next.bytes));
    row_columns += next.columns;
    if (next.is_blank) {
      after_blank_bytes = row.size();
      after_blank_columns = row_columns;
    }
    rest.remove_prefix(next.bytes);
  }
  rows.push_back(std::move(row));
  return rows;
}

std::string wrap_for_screen(std::string_view line, std::size_t columns) {
  const std::vector<std::string> rows = screen_lines(line, columns);
  std::string joined = rows.front();
  for (std::size_t i = 1; i < rows.size(); ++i) joined.append(1, '\n').append(rows[i]);
  return joined;
}

}  // namespace udpchat
