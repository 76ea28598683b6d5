// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>

namespace udpchat {

// The line a person is typing, for a console that echoes and edits it itself (the Windows
// console; readline does this on POSIX terminals): UTF-8 text, a cursor, and the lines entered
// before. Pure: keys in, text and a drawing out; no I/O.
//
// The cursor moves and erases by character: a code point with the zero-width ones after it
// (combining marks, U+FE0F, as character_widths counts them), so an accent or an emoji's
// variation selector never stays behind alone.
class line_editor {
 public:
  explicit line_editor(std::size_t max_history = 200) : max_history_{max_history} {}

  // Inserts `text` (UTF-8) at the cursor and moves the cursor past it. Control characters
  // (C0, DEL, C1) and malformed bytes are left out: nothing typed may move the echo about.
  void insert(std::string_view text);
  void erase_before();  // Backspace
  void erase_at();      // Delete
  void move_left();
  void move_right();
  void move_home() { cursor_ = 0; }
  void move_end() { cursor_ = text_.size(); }
  // Up and Down: the line entered before (after) the one shown; what was being typed comes back
  // after the newest. The text recalled may be edited; the history keeps the entered line.
  void history_previous();
  void history_next();
  // Enter: the line, which goes to the history (unless empty or the same as the last entry);
  // the editor starts a new, empty line.
  std::string accept();
  // Forgets the line being typed (not the history).
  void clear();

  const std::string& text() const { return text_; }
  std::size_t cursor() const { return cursor_; }  // bytes of text() before the cursor
  bool empty() const { return text_.empty(); }

 private:
  void show_history_entry(std::size_t index);

  std::string text_;
  std::size_t cursor_ = 0;
  std::deque<std::string> history_;
  std::size_t max_history_;
  std::size_t history_index_ = 0;  // history_.size() while on the line being typed
  std::string typed_;              // the line being typed, while an older one is shown
};

// What draws `prompt` and the editor's line over the cursor's row and leaves the cursor where
// the editor's is: CR, the text, blanks over the rest of the row, then CR and the text again up
// to the cursor. On a row `columns` wide (0: unknown, taken as 80) a line that does not
// fit scrolls sideways, so that the cursor is always on screen and the row never wraps; its
// last column is never written. `prompt` must be safe to write (no control characters).
//
// No escape sequences: a console that takes only CR and text draws it right, and so does
// Wine's console drawing on a Unix terminal, which counts the bytes of an escape sequence as
// columns of the row and breaks one that reaches the row's end.
std::string draw_edit_line(std::string_view prompt, const line_editor& editor, std::size_t columns);

// Blanks the cursor's row but for its last column, and leaves the cursor at its start: CR,
// blanks, CR (0 columns: taken as 80).
std::string clear_row(std::size_t columns);

// Assembles UTF-16 code units, one at a time as the Windows console gives them in key events
// (a character past U+FFFF comes as two: a high and a low surrogate), into UTF-8.
class utf16_assembler {
 public:
  // The UTF-8 of the character `unit` completes; empty after a high surrogate. A lone
  // surrogate gives U+FFFD.
  std::string add(char16_t unit);

 private:
  char16_t high_ = 0;
};

}  // namespace udpchat
