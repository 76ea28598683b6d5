// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/terminal_safe.hpp"

#include <gtest/gtest.h>

#include "udpchat/utf8.hpp"

namespace udpchat {
namespace {

using namespace std::string_view_literals;

struct escape_case {
  std::string_view raw;
  std::string_view shown;
};

class EscapeForTerminalTest : public ::testing::TestWithParam<escape_case> {};

TEST_P(EscapeForTerminalTest, ShowsEveryByteSafely) {
  EXPECT_EQ(escape_for_terminal(GetParam().raw), GetParam().shown);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EscapeForTerminalTest,
    ::testing::Values(
        escape_case{"hello, world", "hello, world"},
        escape_case{"", ""},
        escape_case{"tab\tescaped", "tab\\tescaped"},
        escape_case{"\t\t", "\\t\\t"},
        escape_case{"two\nlines", "two\\nlines"},
        escape_case{"cr\rover", "cr\\rover"},
        escape_case{"\x1b[2J\x1b]0;title\x07", "\\x1b[2J\\x1b]0;title\\x07"},
        escape_case{"nul\0byte"sv, "nul\\x00byte"},
        escape_case{"del\x7f", "del\\x7f"},
        escape_case{"back\bspace", "back\\x08space"},
        escape_case{"caf\xc3\xa9", "caf\xc3\xa9"},                   // é
        escape_case{"\xe2\x82\xac 5", "\xe2\x82\xac 5"},             // €
        escape_case{"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},         // U+1F600
        escape_case{"\xc2\xa0nbsp", "\xc2\xa0nbsp"},                 // U+00A0 is printable
        escape_case{"\xc2\x9b" "31m", "\\xc2\\x9b" "31m"},           // C1 CSI
        escape_case{"\xc2\x85", "\\xc2\\x85"},                       // C1 NEL
        escape_case{"\xff", "\\xff"},
        escape_case{"\x80 lone", "\\x80 lone"},                      // stray continuation
        escape_case{"cut \xc3", "cut \\xc3"},                        // sequence cut short
        escape_case{"\xc3(", "\\xc3("},                              // bad continuation
        escape_case{"\xc0\xaf", "\\xc0\\xaf"},                       // overlong '/'
        escape_case{"\xe0\x80\xaf", "\\xe0\\x80\\xaf"},              // overlong, 3 bytes
        escape_case{"\xed\xa0\x80", "\\xed\\xa0\\x80"},              // UTF-16 surrogate
        escape_case{"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},     // past U+10FFFF
        escape_case{"\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"},         // U+10FFFF itself
        escape_case{"\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80"}));

bool is_terminal_safe(std::string_view text) {
  while (!text.empty()) {
    const std::size_t length = utf8_sequence_length(text);
    if (length == 0) return false;
    const auto byte = static_cast<unsigned char>(text[0]);
    if (length == 1 && (byte < 0x20U || byte == 0x7FU)) return false;
    if (length == 2 && byte == 0xC2U && static_cast<unsigned char>(text[1]) < 0xA0U) return false;
    text.remove_prefix(length);
  }
  return true;
}

TEST(EscapeForTerminalTest, EveryByteAndPairOfBytesComesOutSafe) {
  for (int first = 0; first < 256; ++first) {
    for (int second = 0; second < 256; ++second) {
      const char raw[2] = {static_cast<char>(first), static_cast<char>(second)};
      const std::string shown = escape_for_terminal(std::string_view{raw, 2});
      ASSERT_TRUE(is_terminal_safe(shown)) << first << ' ' << second;
    }
  }
}

TEST(EscapeForTerminalTest, EscapingTwiceChangesNothing) {
  for (const std::string_view raw : {"tab\tnew\nline"sv, "\x1b[2J \xff caf\xc3\xa9"sv, "a\\tb"sv}) {
    const std::string once = escape_for_terminal(raw);
    EXPECT_EQ(escape_for_terminal(once), once) << raw;
  }
}

TEST(MakeRelayTextTest, AByteInAnyPlaceOfAWordIsSeenThere) {
  // Plain text is scanned eight bytes at a time: every byte, at every offset of two words and
  // a tail, must come out exactly as it does on its own between plain letters.
  for (int byte = 0; byte < 256; ++byte) {
    const std::string alone = make_relay_text(std::string(1, static_cast<char>(byte)));
    for (std::size_t at = 0; at < 19; ++at) {
      std::string raw(19, 'a');
      raw[at] = static_cast<char>(byte);
      ASSERT_EQ(make_relay_text(raw), std::string(at, 'a') + alone + std::string(18 - at, 'a')) << byte << " at " << at;
    }
  }
}

TEST(EscapeKeepingTabTest, KeepsTabAndEscapesEveryOtherControl) {
  EXPECT_EQ(escape_keeping_tab("a\tb\nc\x1b"), "a\tb\\nc\\x1b");
}

struct relay_case {
  std::string_view raw;
  std::string_view relayed;
};

class MakeRelayTextTest : public ::testing::TestWithParam<relay_case> {};

TEST_P(MakeRelayTextTest, RewritesSeparatorRunsVisibly) {
  EXPECT_EQ(make_relay_text(GetParam().raw), GetParam().relayed);
}

#define FWLL "\xef\xbc\xbf"  // U+FF3F FULLWIDTH LOW LINE
INSTANTIATE_TEST_SUITE_P(
    Table, MakeRelayTextTest,
    ::testing::Values(relay_case{"snake_case", "snake_case"},
                      relay_case{"a___b", "a___b"},
                      relay_case{"a____b", "a" FWLL FWLL FWLL FWLL "b"},
                      relay_case{"_____", FWLL FWLL FWLL FWLL FWLL},
                      relay_case{"___ ____", "___ " FWLL FWLL FWLL FWLL},
                      relay_case{"x____qq", "x" FWLL FWLL FWLL FWLL "qq"},
                      relay_case{"abcdef____ghijklmn", "abcdef" FWLL FWLL FWLL FWLL "ghijklmn"},
                      relay_case{"__\n__", "__\\n__"},
                      relay_case{"tab\tkept", "tab\tkept"},
                      relay_case{"line\nfake:____x", "line\\nfake:" FWLL FWLL FWLL FWLL "x"}));
#undef FWLL

}  // namespace
}  // namespace udpchat
