// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/line_editor.hpp"

#include <vector>

#include "udpchat/character_width.hpp"
#include "udpchat/utf8.hpp"

namespace udpchat {
namespace {

// The code point of the well-formed sequence of `size` bytes at the start of `text`.
char32_t decode(std::string_view text, std::size_t size) {
  const auto byte = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(text[i])); };
  if (size == 1) return byte(0);
  char32_t code_point = byte(0) & (0x7FU >> size);
  for (std::size_t i = 1; i < size; ++i) code_point = (code_point << 6U) | (byte(i) & 0x3FU);
  return code_point;
}

void encode(char32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0U | (code_point >> 6U));
    out += static_cast<char>(0x80U | (code_point & 0x3FU));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0U | (code_point >> 12U));
    out += static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (code_point & 0x3FU));
  } else {
    out += static_cast<char>(0xF0U | (code_point >> 18U));
    out += static_cast<char>(0x80U | ((code_point >> 12U) & 0x3FU));
    out += static_cast<char>(0x80U | ((code_point >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (code_point & 0x3FU));
  }
}

// A console whose width cannot be had is taken to be as wide as the classic console.
constexpr std::size_t default_columns = 80;

bool is_control(char32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7F && code_point < 0xA0);
}

// One character of an editor's text: where it starts, its bytes and its columns.
struct character {
  std::size_t offset;
  std::size_t size;
  std::size_t columns;
};

// The editor's text as characters (see line_editor). Its text is well-formed by construction.
std::vector<character> characters_of(std::string_view text) {
  std::vector<character> characters;
  const character_widths widths;
  std::size_t offset = 0;
  while (offset < text.size()) {
    const std::size_t size = utf8_sequence_length(text.substr(offset));
    if (size == 0) {  // cannot happen: insert() keeps only well-formed text
      ++offset;
      continue;
    }
    const std::size_t columns = character_widths::of(decode(text.substr(offset), size));
    if (columns == 0 && !characters.empty()) {
      characters.back().size += size;
    } else {
      characters.push_back({offset, size, columns});
    }
    offset += size;
  }
  return characters;
}

}  // namespace

void line_editor::insert(std::string_view text) {
  std::string kept;
  while (!text.empty()) {
    const std::size_t size = utf8_sequence_length(text);
    if (size == 0) {
      text.remove_prefix(1);
      continue;
    }
    if (!is_control(decode(text, size))) kept.append(text.substr(0, size));
    text.remove_prefix(size);
  }
  text_.insert(cursor_, kept);
  cursor_ += kept.size();
}

void line_editor::erase_before() {
  const std::size_t end = cursor_;
  move_left();
  text_.erase(cursor_, end - cursor_);
}

void line_editor::erase_at() {
  const std::size_t start = cursor_;
  move_right();
  text_.erase(start, cursor_ - start);
  cursor_ = start;
}

void line_editor::move_left() {
  std::size_t previous = 0;
  for (const character& each : characters_of(text_)) {
    if (each.offset >= cursor_) break;
    previous = each.offset;
  }
  cursor_ = previous;
}

void line_editor::move_right() {
  for (const character& each : characters_of(text_)) {
    if (each.offset >= cursor_) {
      cursor_ = each.offset + each.size;
      return;
    }
  }
}

void line_editor::show_history_entry(std::size_t index) {
  if (history_index_ == history_.size()) typed_ = text_;
  history_index_ = index;
  text_ = index == history_.size() ? typed_ : history_[index];
  cursor_ = text_.size();
}

void line_editor::history_previous() {
  if (history_index_ > 0) show_history_entry(history_index_ - 1);
}

void line_editor::history_next() {
  if (history_index_ < history_.size()) show_history_entry(history_index_ + 1);
}

std::string line_editor::accept() {
  std::string line = std::move(text_);
  if (!line.empty() && (history_.empty() || history_.back() != line) && max_history_ > 0) {
    if (history_.size() == max_history_) history_.pop_front();
    history_.push_back(line);
  }
  clear();
  history_index_ = history_.size();
  typed_.clear();
  return line;
}

void line_editor::clear() {
  text_.clear();
  cursor_ = 0;
}

std::string draw_edit_line(std::string_view prompt, const line_editor& editor, std::size_t columns) {
  const std::string& text = editor.text();
  const std::vector<character> characters = characters_of(text);
  std::size_t prompt_columns = 0;
  for (const character& each : characters_of(prompt)) prompt_columns += each.columns;

  std::size_t at_cursor = 0;  // index of the character at the cursor
  while (at_cursor < characters.size() && characters[at_cursor].offset < editor.cursor()) ++at_cursor;

  // The characters shown: [first, last). The last column stays free for the cursor at the end.
  if (columns == 0) columns = default_columns;
  const std::size_t room = columns > prompt_columns + 1 ? columns - prompt_columns - 1 : 1;
  // From the start while the cursor (and the character under it) fits; otherwise scrolled so
  // that the cursor is on the row with up to three quarters of it for the text before.
  std::size_t to_cursor = 0;
  for (std::size_t i = 0; i < at_cursor; ++i) to_cursor += characters[i].columns;
  if (at_cursor < characters.size()) to_cursor += characters[at_cursor].columns;
  std::size_t first = 0;
  if (to_cursor > room) {
    std::size_t before = 0;
    first = at_cursor;
    while (first > 0 && before + characters[first - 1].columns <= room * 3 / 4) {
      before += characters[first - 1].columns;
      --first;
    }
  }
  std::size_t used = 0;
  std::size_t last = first;
  while (last < characters.size() && used + characters[last].columns <= room) {
    used += characters[last].columns;
    ++last;
  }
  std::string drawn = "\r";
  drawn.append(prompt);
  std::size_t drawn_columns = prompt_columns;
  for (std::size_t i = first; i < last; ++i) {
    drawn.append(text, characters[i].offset, characters[i].size);
    drawn_columns += characters[i].columns;
  }
  // What an earlier drawing left further along the row is blanked out; then the cursor is put in
  // its place by drawing the row again up to it, after a CR. No escape sequence, and no
  // backspace: consoles differ on how far a backspace goes over a wide character.
  drawn.append(drawn_columns + 1 < columns ? columns - 1 - drawn_columns : 0, ' ');
  if (at_cursor < last || drawn_columns + 1 < columns) {
    drawn += '\r';
    drawn.append(prompt);
    for (std::size_t i = first; i < at_cursor; ++i) drawn.append(text, characters[i].offset, characters[i].size);
  }
  return drawn;
}

std::string clear_row(std::size_t columns) {
  if (columns == 0) columns = default_columns;
  std::string cleared = "\r";
  cleared.append(columns - 1, ' ');
  cleared += '\r';
  return cleared;
}

std::string utf16_assembler::add(char16_t unit) {
  std::string out;
  const bool high = unit >= 0xD800 && unit <= 0xDBFF;
  const bool low = unit >= 0xDC00 && unit <= 0xDFFF;
  if (high_ != 0) {
    if (low) {
      encode(0x10000 + ((static_cast<char32_t>(high_) - 0xD800) << 10U) + (static_cast<char32_t>(unit) - 0xDC00),
             out);
      high_ = 0;
      return out;
    }
    encode(0xFFFD, out);
    high_ = 0;
  }
  if (high) {
    high_ = unit;
  } else if (low) {
    encode(0xFFFD, out);
  } else {
    encode(unit, out);
  }
  return out;
}

}  // namespace udpchat
