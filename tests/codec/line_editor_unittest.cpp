// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/line_editor.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

namespace udpchat {
namespace {

// A key, as the console terminal hands it on.
enum class key { backspace, del, left, right, home, end, up, down, enter };

struct typing {
  const char* name;
  std::vector<std::variant<std::string, key>> keys;
  std::string text;     // the line afterwards
  std::size_t cursor;   // bytes before the cursor afterwards
};

void press(line_editor& editor, const std::variant<std::string, key>& each) {
  if (const auto* text = std::get_if<std::string>(&each)) {
    editor.insert(*text);
    return;
  }
  switch (std::get<key>(each)) {
    case key::backspace: editor.erase_before(); break;
    case key::del: editor.erase_at(); break;
    case key::left: editor.move_left(); break;
    case key::right: editor.move_right(); break;
    case key::home: editor.move_home(); break;
    case key::end: editor.move_end(); break;
    case key::up: editor.history_previous(); break;
    case key::down: editor.history_next(); break;
    case key::enter: editor.accept(); break;
  }
}

TEST(LineEditor, KeysEditTheLineByCharacter) {
  const std::vector<typing> cases{
      {"plain text", {"hello"}, "hello", 5},
      {"backspace", {"hello", key::backspace}, "hell", 4},
      {"backspace at the start does nothing", {"ab", key::home, key::backspace}, "ab", 0},
      {"delete at the end does nothing", {"ab", key::del}, "ab", 2},
      {"insert in the middle", {"ac", key::left, "b"}, "abc", 2},
      {"delete in the middle", {"abc", key::home, key::right, key::del}, "ac", 1},
      {"Chinese: three bytes a character", {"你好", key::left}, "你好", 3},
      {"Chinese backspace", {"你好", key::backspace}, "你", 3},
      {"emoji: four bytes, one character", {"a😀b", key::left, key::left}, "a😀b", 1},
      {"emoji with its variation selector goes whole", {"❤\xEF\xB8\x8F", key::backspace}, "", 0},
      {"a combining accent stays with its letter", {"e\xCC\x81x", key::left, key::left}, "e\xCC\x81x", 0},
      {"control characters are left out", {"a\x1b[2Jb\tc\x7f"}, "a[2Jbc", 6},
      {"C1 controls are left out", {"a\xC2\x9B" "b"}, "ab", 2},
      {"malformed bytes are left out", {"a\xFF\xC3" "b"}, "ab", 2},
      {"end after home", {"abc", key::home, key::end}, "abc", 3},
      {"enter empties the line", {"abc", key::enter}, "", 0},
      {"up recalls the last line", {"one", key::enter, "two", key::enter, key::up}, "two", 3},
      {"up twice recalls the one before", {"one", key::enter, "two", key::enter, key::up, key::up}, "one", 3},
      {"up stops at the oldest", {"one", key::enter, key::up, key::up}, "one", 3},
      {"down brings back what was being typed", {"one", key::enter, "draft", key::up, key::down}, "draft", 5},
      {"an empty line is not kept", {"one", key::enter, key::enter, key::up}, "one", 3},
  };
  for (const typing& each : cases) {
    line_editor editor;
    for (const auto& pressed : each.keys) press(editor, pressed);
    EXPECT_EQ(editor.text(), each.text) << each.name;
    EXPECT_EQ(editor.cursor(), each.cursor) << each.name;
  }
}

TEST(LineEditor, AcceptGivesTheLineAndKeepsABoundedHistory) {
  line_editor editor{2};
  for (const char* line : {"one", "two", "three"}) {
    editor.insert(line);
    EXPECT_EQ(editor.accept(), line);
  }
  editor.history_previous();
  editor.history_previous();
  editor.history_previous();
  EXPECT_EQ(editor.text(), "two");
}

TEST(LineEditor, DrawsPromptTextAndCursorOverTheRow) {
  line_editor editor;
  editor.insert("hello");
  const std::string blanks(72, ' ');  // 80 columns: "> hello" is 7, and the last is never written
  // The row, then the cursor put in place by drawing the row again up to it.
  EXPECT_EQ(draw_edit_line("> ", editor, 80), "\r> hello" + blanks + "\r> hello");
  editor.move_left();
  editor.move_left();
  EXPECT_EQ(draw_edit_line("> ", editor, 80), "\r> hello" + blanks + "\r> hel");
  line_editor wide;
  wide.insert("你好x");
  wide.move_left();
  // Two columns for each Chinese character.
  EXPECT_EQ(draw_edit_line("", wide, 10), "\r你好x    \r你好");
  // Unknown width: 80 columns.
  EXPECT_EQ(draw_edit_line("> ", editor, 0), draw_edit_line("> ", editor, 80));
}

TEST(LineEditor, ClearRowBlanksAllButTheLastColumn) {
  EXPECT_EQ(clear_row(8), "\r       \r");
  EXPECT_EQ(clear_row(0), clear_row(80));
}

TEST(LineEditor, ALongLineScrollsToKeepTheCursorOnTheRow) {
  line_editor editor;
  editor.insert(std::string(30, 'a') + std::string(30, 'b'));
  // 20 columns: "> " and 17 of text, the last column kept for the cursor. At the end, the last
  // 12 characters (three quarters of the room) and blanks after them.
  EXPECT_EQ(draw_edit_line("> ", editor, 20), "\r> " + std::string(12, 'b') + "     \r> " + std::string(12, 'b'));
  editor.move_home();
  EXPECT_EQ(draw_edit_line("> ", editor, 20), "\r> " + std::string(17, 'a') + "\r> ");
  for (int i = 0; i < 40; ++i) editor.move_right();
  // The cursor on the 41st character (the 11th b): the 12 before it, and the row filled after.
  EXPECT_EQ(draw_edit_line("> ", editor, 20), "\r> aa" + std::string(15, 'b') + "\r> aa" + std::string(10, 'b'));
}

TEST(Utf16Assembler, SurrogatePairsBecomeOneCharacter) {
  utf16_assembler assembler;
  EXPECT_EQ(assembler.add(u'a'), "a");
  EXPECT_EQ(assembler.add(u'你'), "你");
  EXPECT_EQ(assembler.add(0xD83D), "");
  EXPECT_EQ(assembler.add(0xDE00), "😀");
  EXPECT_EQ(assembler.add(0xDE00), "\xEF\xBF\xBD") << "a low surrogate alone";
  EXPECT_EQ(assembler.add(0xD83D), "");
  EXPECT_EQ(assembler.add(u'b'), "\xEF\xBF\xBD" "b") << "a high surrogate alone";
}

}  // namespace
}  // namespace udpchat
