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

TEST(LineEditor, DrawsPromptTextAndCursor) {
  line_editor editor;
  editor.insert("hello");
  EXPECT_EQ(draw_edit_line("> ", editor, 80), "\x1b[2K\r> hello");
  editor.move_left();
  editor.move_left();
  EXPECT_EQ(draw_edit_line("> ", editor, 80), "\x1b[2K\r> hello\x1b[2D");
  line_editor wide;
  wide.insert("你好x");
  wide.move_home();
  // Two columns for each Chinese character.
  EXPECT_EQ(draw_edit_line("", wide, 80), "\x1b[2K\r你好x\x1b[5D");
}

TEST(LineEditor, ALongLineScrollsToKeepTheCursorOnTheRow) {
  line_editor editor;
  editor.insert(std::string(30, 'a') + std::string(30, 'b'));
  // 20 columns: "> " and 17 of text, the last column kept for the cursor.
  const std::string drawn = draw_edit_line("> ", editor, 20);
  EXPECT_EQ(drawn.rfind("\x1b[2K\r> ", 0), 0U) << drawn;
  EXPECT_TRUE(drawn.ends_with("> bbbbbbbbbbbb")) << "cursor at the end: " << drawn;
  EXPECT_EQ(drawn.find('a'), std::string::npos) << drawn;
  editor.move_home();
  const std::string at_start = draw_edit_line("> ", editor, 20);
  EXPECT_EQ(at_start, "\x1b[2K\r> " + std::string(17, 'a') + "\x1b[17D");
  // Unknown width: everything.
  EXPECT_EQ(draw_edit_line("", editor, 0), "\x1b[2K\r" + editor.text() + "\x1b[60D");
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
