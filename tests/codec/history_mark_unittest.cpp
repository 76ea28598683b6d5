// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/history_mark.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "udpchat/datagram_codec.hpp"

namespace udpchat {
namespace {

using namespace std::chrono;

system_clock::time_point at(year_month_day date, hours h, minutes m, seconds s) {
  return sys_days{date} + h + m + s;
}

TEST(HistoryMarkTest, TimesAreWrittenInUtcToTheSecond) {
  const struct {
    system_clock::time_point when;
    std::string_view text;
  } cases[] = {
      {system_clock::time_point{}, "1970-01-01T00:00:00Z"},
      {at(2026y / 11 / 30, hours{10}, minutes{15}, seconds{12}), "2026-11-30T10:15:12Z"},
      {at(2026y / 11 / 30, hours{10}, minutes{15}, seconds{12}) + milliseconds{999}, "2026-11-30T10:15:12Z"},
      {at(2024y / 2 / 29, hours{23}, minutes{59}, seconds{59}), "2024-02-29T23:59:59Z"},
      {at(2000y / 1 / 1, hours{0}, minutes{0}, seconds{0}), "2000-01-01T00:00:00Z"},
      {at(2262y / 1 / 1, hours{0}, minutes{0}, seconds{0}), "2262-01-01T00:00:00Z"},
      {at(1969y / 12 / 31, hours{23}, minutes{59}, seconds{59}), "1969-12-31T23:59:59Z"},
  };
  for (const auto& each : cases) {
    EXPECT_EQ(utc_time_text(each.when), each.text);
    EXPECT_EQ(parse_utc_time(each.text), floor<seconds>(each.when)) << each.text;
  }
}

TEST(HistoryMarkTest, OnlyWhatUtcTimeTextWritesParses) {
  for (const std::string_view bad : {"", "2026-11-30T10:15:12", "2026-11-30T10:15:12z", "2026-11-30 10:15:12Z",
                                     "2026-11-30T10:15:12+00:00", "2026-13-30T10:15:12Z", "2026-02-30T10:15:12Z",
                                     "2026-11-30T24:00:00Z", "2026-11-30T10:60:12Z", "2026-11-30T10:15:60Z",
                                     "2026-11-3xT10:15:12Z", "-026-11-30T10:15:12Z", "2026-11-30T10:15:12ZZ",
                                     "2026-00-30T10:15:12Z", "2026-11-00T10:15:12Z",
                                     // Beyond what system_clock::time_point holds.
                                     "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"}) {
    EXPECT_EQ(parse_utc_time(bad), std::nullopt) << bad;
  }
}

TEST(HistoryMarkTest, TheMarkOpensTheSenderFieldAndLeavesTheTextAlone) {
  const auto when = at(2026y / 11 / 30, hours{10}, minutes{15}, seconds{12});
  const struct {
    std::string_view relayed;
    std::string_view marked;
  } cases[] = {
      {"127.0.0.1:5000____hello", "[history 2026-11-30T10:15:12Z] 127.0.0.1:5000____hello"},
      {"ann (127.0.0.1:5000)____hi there", "[history 2026-11-30T10:15:12Z] ann (127.0.0.1:5000)____hi there"},
      {"[::1]:5000____", "[history 2026-11-30T10:15:12Z] [::1]:5000____"},
      {"[::1]:5000____a\\x1b[2Jb", "[history 2026-11-30T10:15:12Z] [::1]:5000____a\\x1b[2Jb"},
  };
  for (const auto& each : cases) {
    const std::string marked = mark_history(when, each.relayed);
    EXPECT_EQ(marked, each.marked);
    EXPECT_EQ(marked.size(), each.relayed.size() + history_mark_bytes);
    // Still one relayed message, never a departure, for any reader of the wire format.
    const auto decoded = decode_datagram(marked);
    const auto* message = std::get_if<relayed_message>(&decoded);
    ASSERT_NE(message, nullptr) << marked;
    const auto original = std::get<relayed_message>(decode_datagram(each.relayed));
    EXPECT_EQ(message->text, original.text);
    const auto split = split_history_mark(message->sender);
    ASSERT_TRUE(split.has_value()) << marked;
    EXPECT_EQ(split->said_at, "2026-11-30T10:15:12Z");
    EXPECT_EQ(split->sender, original.sender);
  }
}

TEST(HistoryMarkTest, ALiveSenderOrAnythingElseHasNoMark) {
  for (const std::string_view sender :
       {"127.0.0.1:5000", "[::1]:5000", "ann (127.0.0.1:5000)", "hub", "('127.0.0.1', 5000)", "[history ",
        "[history 2026-11-30T10:15:12Z]", "[history 2026-11-30T10:15:12Z] ", "[history 2026-11-30T10:15:12Z]x ann",
        "[history 2026-11-30 10:15:12] ann", "[history 2026-13-30T10:15:12Z] ann", "[History 2026-11-30T10:15:12Z] ann",
        " [history 2026-11-30T10:15:12Z] ann"}) {
    EXPECT_EQ(split_history_mark(sender), std::nullopt) << sender;
  }
}

TEST(HistoryMarkTest, ATranscriptLineIsTheTimeASpaceAndTheRelayedMessage) {
  std::string line = "kept ";
  append_transcript_line(line, at(2026y / 1 / 2, hours{3}, minutes{4}, seconds{5}), "ann (10.0.0.1:9)____hi");
  EXPECT_EQ(line, "kept 2026-01-02T03:04:05Z ann (10.0.0.1:9)____hi");
}

}  // namespace
}  // namespace udpchat
