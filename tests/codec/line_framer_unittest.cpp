// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/line_framer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace udpchat {
namespace {

using namespace std::literals;

// Lines and too-long reports, in order, as "line:<text>" and "too_long".
std::vector<std::string> drain(line_framer& framer) {
  std::vector<std::string> events;
  for (;;) {
    const frame event = framer.next();
    if (event.status == frame_status::need_more) return events;
    events.push_back(event.status == frame_status::line ? "line:" + std::string{event.line}
                                                        : std::string{"too_long"});
  }
}

std::vector<std::string> feed_in_pieces(std::size_t max_line, const std::vector<std::string_view>& pieces) {
  line_framer framer{max_line};
  std::vector<std::string> events;
  for (const auto piece : pieces) {
    framer.append(piece);
    for (auto& event : drain(framer)) events.push_back(std::move(event));
  }
  return events;
}

TEST(LineFramerTest, ThreeLinesCutAtEveryByteOffsetGiveTheSameThreeLines) {
  const std::string_view input = "first\nsecond line\r\n\nthird\n";
  const std::vector<std::string> expected = {"line:first", "line:second line", "line:", "line:third"};
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    for (std::size_t second_cut = cut; second_cut <= input.size(); ++second_cut) {
      EXPECT_EQ(feed_in_pieces(64, {input.substr(0, cut), input.substr(cut, second_cut - cut),
                                    input.substr(second_cut)}),
                expected)
          << "cut at " << cut << " and " << second_cut;
    }
  }
}

TEST(LineFramerTest, EveryLineEndingCutAtEveryByteOffsetGivesTheSameLines) {
  // LF (nc), CR LF and CR NUL (telnet, RFC 854), bare CR, then an empty line after a CR LF.
  const std::string_view input = "lf\ncr lf\r\ncr nul\r\0cr\rlast\r\n\n"sv;
  const std::vector<std::string> expected = {"line:lf", "line:cr lf", "line:cr nul", "line:cr", "line:last", "line:"};
  for (std::size_t cut = 0; cut <= input.size(); ++cut) {
    for (std::size_t second_cut = cut; second_cut <= input.size(); ++second_cut) {
      EXPECT_EQ(feed_in_pieces(64, {input.substr(0, cut), input.substr(cut, second_cut - cut),
                                    input.substr(second_cut)}),
                expected)
          << "cut at " << cut << " and " << second_cut;
    }
  }
}

TEST(LineFramerTest, ByteByByteGivesTheSameLines) {
  const std::string_view input = "a\r\nbb\nccc\n";
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < input.size(); ++i) bytes.push_back(input.substr(i, 1));
  EXPECT_EQ(feed_in_pieces(8, bytes), (std::vector<std::string>{"line:a", "line:bb", "line:ccc"}));
}

struct framing_case {
  std::string_view name;
  std::size_t max_line;
  std::vector<std::string_view> pieces;
  std::vector<std::string> events;
};

class LineFramerTableTest : public ::testing::TestWithParam<framing_case> {};

TEST_P(LineFramerTableTest, ReportsEveryLineAndEveryOverlongLineOnce) {
  EXPECT_EQ(feed_in_pieces(GetParam().max_line, GetParam().pieces), GetParam().events);
}

INSTANTIATE_TEST_SUITE_P(
    Table, LineFramerTableTest,
    ::testing::Values(
        framing_case{"exactly_max", 4, {"abcd\n"}, {"line:abcd"}},
        framing_case{"exactly_max_with_cr_lf", 4, {"abcd\r\n"}, {"line:abcd"}},
        framing_case{"exactly_max_with_cr_nul", 4, {"abcd\r\0"sv}, {"line:abcd"}},
        framing_case{"exactly_max_with_bare_cr", 4, {"abcd\r"}, {"line:abcd"}},
        framing_case{"one_past_max", 4, {"abcde\nok\n"}, {"too_long", "line:ok"}},
        framing_case{"one_past_max_with_cr", 4, {"abcde\r\nok\n"}, {"too_long", "line:ok"}},
        framing_case{"one_past_max_unterminated", 4, {"abcde"}, {"too_long"}},
        framing_case{"long_then_more_of_it", 4, {"abcdefgh", "ijkl", "mn\nok\n"}, {"too_long", "line:ok"}},
        framing_case{"long_ended_by_cr_whose_lf_comes_later", 4, {"abcdefgh\r", "\nok\n"}, {"too_long", "line:ok"}},
        framing_case{"long_unterminated_reported_early", 4, {"abcdefgh"}, {"too_long"}},
        framing_case{"two_long_lines", 2, {"abc\ndef\n"}, {"too_long", "too_long"}},
        framing_case{"empty_lines", 4, {"\n\r\n"}, {"line:", "line:"}},
        framing_case{"lf", 8, {"one\ntwo\n"}, {"line:one", "line:two"}},
        framing_case{"cr_lf", 8, {"one\r\ntwo\r\n"}, {"line:one", "line:two"}},
        framing_case{"cr_nul", 8, {"one\r\0two\r\0"sv}, {"line:one", "line:two"}},
        framing_case{"bare_cr", 8, {"one\rtwo\r"}, {"line:one", "line:two"}},
        framing_case{"bare_cr_inside_a_line_ends_it", 4, {"a\rb\n"}, {"line:a", "line:b"}},
        framing_case{"cr_cr_lf_is_a_line_and_an_empty_one", 8, {"one\r\r\n"}, {"line:one", "line:"}},
        framing_case{"lf_cr_is_a_line_and_an_empty_one", 8, {"one\n\rtwo\n"}, {"line:one", "line:", "line:two"}},
        framing_case{"nul_not_after_cr_is_text", 8, {"a\0b\n"sv}, {std::string{"line:a\0b"sv}}},
        framing_case{"cr_at_the_end_then_lf", 8, {"one\r", "\ntwo\n"}, {"line:one", "line:two"}},
        framing_case{"cr_at_the_end_then_nul", 8, {"one\r", "\0two\n"sv}, {"line:one", "line:two"}},
        framing_case{"cr_at_the_end_then_text", 8, {"one\r", "two\n"}, {"line:one", "line:two"}},
        framing_case{"cr_at_the_end_then_cr", 8, {"one\r", "\r"}, {"line:one", "line:"}},
        framing_case{"cr_then_empty_appends_then_lf", 8, {"one\r", "", "", "\ntwo\n"}, {"line:one", "line:two"}},
        framing_case{"no_ending_yet", 4, {"abc"}, {}}),
    [](const auto& test_case) { return std::string{test_case.param.name}; });

TEST(LineFramerTest, MemoryStaysBoundedWhileAnEndlessLineArrives) {
  line_framer framer{1024};
  const std::string chunk(4096, 'x');
  std::size_t too_long = 0;
  for (int i = 0; i < 1000; ++i) {
    framer.append(chunk);
    for (const auto& event : drain(framer)) too_long += event == "too_long" ? 1U : 0U;
    EXPECT_LE(framer.buffered_bytes(), 1024U + 1U + chunk.size());
  }
  EXPECT_EQ(too_long, 1U);
  framer.append("\nafter\n");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:after"}));
}

TEST(LineFramerTest, MidLineIsTrueFromALinesFirstByteUntilItsEnd) {
  line_framer framer{8};
  EXPECT_FALSE(framer.mid_line());
  framer.append("ab");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_TRUE(framer.mid_line());
  framer.append("c\nde");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:abc"}));
  EXPECT_TRUE(framer.mid_line());  // "de" began the next line
  framer.append("\r\n");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:de"}));
  EXPECT_FALSE(framer.mid_line());
  framer.append("\n");  // an empty line is a whole line too
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:"}));
  EXPECT_FALSE(framer.mid_line());
}

TEST(LineFramerTest, MidLineStaysTrueWhileATooLongLineIsDropped) {
  line_framer framer{8};
  framer.append("0123456789");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"too_long"}));
  EXPECT_EQ(framer.buffered_bytes(), 0U);
  EXPECT_TRUE(framer.mid_line());
  framer.append("more");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_TRUE(framer.mid_line());
  framer.append("\n");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_FALSE(framer.mid_line());
}

TEST(LineFramerTest, TakeUnterminatedReturnsTheLastPartialLine) {
  line_framer framer{16};
  framer.append("done\npartial");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:done"}));
  const frame last = framer.take_unterminated();
  EXPECT_EQ(last.status, frame_status::line);
  EXPECT_EQ(last.line, "partial");
  EXPECT_EQ(last.wire, "partial");
  EXPECT_EQ(framer.take_unterminated().status, frame_status::need_more);
  EXPECT_EQ(framer.buffered_bytes(), 0U);
}

TEST(LineFramerTest, ALineOnePastTheMaximumIsReportedWithoutWaitingForItsEnd) {
  line_framer framer{5};
  framer.append("abcde");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  framer.append("f");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"too_long"}));
  EXPECT_EQ(framer.take_unterminated().status, frame_status::need_more);
}

TEST(LineFramerTest, TakeUnterminatedDropsAnOverlongPartialLine) {
  line_framer framer{4};
  framer.append("much too long");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"too_long"}));
  EXPECT_EQ(framer.take_unterminated().status, frame_status::need_more);
}

TEST(LineFramerTest, TheWireViewIsTheLineWithItsEndingAsItArrived) {
  line_framer framer{16};
  framer.append("lf\ncrlf\r\ncrnul\r\0cr\rx\n\r"sv);
  std::vector<std::string> wires;
  for (frame event = framer.next(); event.status == frame_status::line; event = framer.next()) {
    wires.emplace_back(event.wire);
  }
  EXPECT_EQ(wires, (std::vector<std::string>{"lf\n", "crlf\r\n", std::string{"crnul\r\0"sv}, "cr\r", "x\n", "\r"}));
  // A CR that ended the last append has shown as the ending; the LF completing it shows nowhere.
  framer.append("\nnext\n");
  const frame next = framer.next();
  EXPECT_EQ(next.line, "next");
  EXPECT_EQ(next.wire, "next\n");
}

// A client that writes each message whole and sends no ending: its owner's clock ends the line.
TEST(LineFramerTest, EndLineMakesWhatIsPendingALineWithoutAnEnding) {
  line_framer framer{16};
  framer.append("hello, ");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  framer.append("seed");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  EXPECT_TRUE(framer.mid_line());
  framer.end_line();
  EXPECT_TRUE(framer.holds_frame());
  const frame message = framer.next();
  EXPECT_EQ(message.status, frame_status::line);
  EXPECT_EQ(message.line, "hello, seed");
  EXPECT_EQ(message.wire, "hello, seed");
  EXPECT_FALSE(framer.mid_line());
  framer.append("quit");
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
  framer.end_line();
  framer.append("after");  // appended after the end: a line of its own
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:quit"}));
  framer.end_line();
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:after"}));
  framer.end_line();  // nothing pending: no line
  EXPECT_EQ(drain(framer), std::vector<std::string>{});
}

TEST(LineFramerTest, EndLineWaitsBehindAFrameAlreadyThere) {
  line_framer framer{16};
  framer.append("whole\nhalf");
  framer.end_line();  // the whole line is waiting: nothing ends yet
  EXPECT_EQ(framer.next().line, "whole");
  framer.append(" done\n");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:half done"}));
}

TEST(LineFramerTest, EndLineEndsATooLongLineSoTheNextWriteIsALineAgain) {
  line_framer framer{4};
  framer.append("far too long");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"too_long"}));
  framer.end_line();
  EXPECT_FALSE(framer.mid_line());
  framer.append("ok");
  framer.end_line();
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:ok"}));
}

TEST(LineFramerTest, EndLineAfterACrStillTakesTheLfThatCompletesIt) {
  line_framer framer{16};
  framer.append("typed\r");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:typed"}));
  framer.end_line();
  framer.append("\nmore\r\n");
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:more"}));
  framer.append("x\r");
  framer.append("\nmore");  // before next(): the LF still belongs to the CR
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:x"}));
  framer.end_line();
  EXPECT_EQ(drain(framer), (std::vector<std::string>{"line:more"}));
}

}  // namespace
}  // namespace udpchat

namespace udpchat {
namespace {

TEST(HandOverFramesTest, StopsAsSoonAsTheReaderIsDone) {
  line_framer framer{4};
  framer.append("one\ntoolong\ntwo\nquit\nnever\n");
  std::vector<std::string> seen;
  bool done = false;
  hand_over_frames(
      framer,
      [&](std::string_view line) {
        seen.emplace_back(line);
        done = line == "quit";
      },
      [&] { seen.emplace_back("(too long)"); }, [&] { return !done; });
  EXPECT_EQ(seen, (std::vector<std::string>{"one", "(too long)", "two", "quit"}));
}

TEST(HandOverFramesTest, GivesTheLineAsItArrivedToAReaderThatWantsIt) {
  line_framer framer{16};
  framer.append("lf\ncr lf\r\n\ncr\rlast");
  std::vector<std::string> seen;
  hand_over_frames(
      framer,
      [&](std::string_view line, std::string_view wire) {
        seen.push_back(std::string{line} + "|" + std::string{wire});
      },
      [] {}, [] { return true; });
  EXPECT_EQ(seen, (std::vector<std::string>{"lf|lf\n", "cr lf|cr lf\r\n", "|\n", "cr|cr\r"}));
  const frame last = framer.take_unterminated();
  EXPECT_EQ(last.line, "last");
  EXPECT_EQ(last.wire, "last");
}

TEST(LineFramerTest, HoldsAFrameExactlyWhenNextWouldGiveOne) {
  line_framer framer{12};
  EXPECT_FALSE(framer.holds_frame());
  framer.append("half");
  EXPECT_FALSE(framer.holds_frame());
  framer.append(" done\nnext");
  EXPECT_TRUE(framer.holds_frame());
  EXPECT_EQ(framer.next().status, frame_status::line);
  EXPECT_FALSE(framer.holds_frame());
  framer.append(" is too long for twelve");  // past the maximum: next() reports it
  EXPECT_TRUE(framer.holds_frame());
  EXPECT_EQ(framer.next().status, frame_status::too_long);
  EXPECT_FALSE(framer.holds_frame());  // the rest of the long line is skipped first
  framer.append("\nok\n");
  EXPECT_TRUE(framer.holds_frame());
  const frame after = framer.next();
  EXPECT_EQ(after.status, frame_status::line);
  EXPECT_EQ(after.line, "ok");
}

}  // namespace
}  // namespace udpchat
