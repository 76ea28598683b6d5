// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// History: the messages a hub or room replays to a newcomer after its welcome, marked so that a
// reader tells them from what is said now, and the transcript's lines.
//
//   live           <sender>____<text>
//   replayed       [history 2026-11-30T10:15:12Z] <sender>____<text>
//   transcript     2026-11-30T10:15:12Z <sender>____<text>          (one line each, in a file)
//
// The mark opens the sender field, so a reader that knows nothing of it (the original Python
// terminal, an older udpchat, nc) shows "[history 2026-11-30T10:15:12Z] <sender>" as who spoke
// and the text as it was, and a text is never changed by it. A member cannot forge it: the
// server writes the sender field, and no sender it writes begins with "[history " (an address,
// "[v6-address]:port", or a name of letters, digits, '.', '-' and '_' before its address).
// The time is when the server relayed the message, in UTC to the second, as ISO 8601 writes it
// (RFC 3339, section 5.6: date-time with "Z"): unambiguous whatever the reader's time zone or
// date, so it carries the date whether or not the message is from today.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

inline constexpr std::string_view history_mark_opens = "[history ";
// Bytes the mark adds to a relayed message: "[history " + 20 for the time + "] ".
inline constexpr std::size_t history_mark_bytes = 31;

// "2026-11-30T10:15:12Z": `when` in UTC, to the second (truncated towards the past).
std::string utc_time_text(std::chrono::system_clock::time_point when);
// The time utc_time_text wrote, or nullopt for anything else: out-of-range fields (month 13,
// February 30, 24:00:00), and times a system_clock::time_point cannot hold (with GCC's
// nanosecond clock, before 1677-09-21 or after 2262-04-11).
std::optional<std::chrono::system_clock::time_point> parse_utc_time(std::string_view text);

// `relayed` (<sender>____<text>, as the server relays it) marked as history said at `when`,
// appended to `out`. The result is history_mark_bytes longer than `relayed`.
void append_history_mark(std::string& out, std::chrono::system_clock::time_point when, std::string_view relayed);
std::string mark_history(std::chrono::system_clock::time_point when, std::string_view relayed);

// A sender field (decode_datagram's relayed_message::sender) taken apart: the time it was said
// and who said it, when the field holds the history mark; nullopt for a live message's sender.
struct history_sender {
  std::string_view said_at;  // "2026-11-30T10:15:12Z"
  std::string_view sender;   // as it was when live
};
std::optional<history_sender> split_history_mark(std::string_view sender_field);

// One transcript line, without its newline: "<time> <relayed>", appended to `out`. `relayed`
// holds no line break (a relayed text has its control bytes escaped), so the line is one line.
void append_transcript_line(std::string& out, std::chrono::system_clock::time_point when, std::string_view relayed);

}  // namespace udpchat
