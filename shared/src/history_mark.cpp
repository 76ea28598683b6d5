// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/history_mark.hpp"

#include <array>

namespace udpchat {
namespace {

using std::chrono::system_clock;

constexpr std::size_t time_bytes = 20;  // "YYYY-MM-DDTHH:MM:SSZ"

void append_digits(std::string& out, long long value, int width) {
  std::array<char, 8> digits{};
  for (int i = width - 1; i >= 0; --i) {
    digits[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits.data(), static_cast<std::size_t>(width));
}

// The number in text[at, at + width), all decimal digits, or -1.
int read_digits(std::string_view text, std::size_t at, std::size_t width) {
  int value = 0;
  for (std::size_t i = at; i < at + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

std::string utc_time_text(system_clock::time_point when) {
  using namespace std::chrono;
  const auto whole_seconds = floor<std::chrono::seconds>(when);
  const auto midnight = floor<days>(whole_seconds);
  const year_month_day date{midnight};
  const hh_mm_ss clock{whole_seconds - midnight};
  std::string text;
  text.reserve(time_bytes);
  append_digits(text, static_cast<int>(date.year()), 4);
  text += '-';
  append_digits(text, static_cast<unsigned>(date.month()), 2);
  text += '-';
  append_digits(text, static_cast<unsigned>(date.day()), 2);
  text += 'T';
  append_digits(text, clock.hours().count(), 2);
  text += ':';
  append_digits(text, clock.minutes().count(), 2);
  text += ':';
  append_digits(text, clock.seconds().count(), 2);
  text += 'Z';
  return text;
}

std::optional<system_clock::time_point> parse_utc_time(std::string_view text) {
  using namespace std::chrono;
  if (text.size() != time_bytes || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  const int y = read_digits(text, 0, 4);
  const int mo = read_digits(text, 5, 2);
  const int d = read_digits(text, 8, 2);
  const int h = read_digits(text, 11, 2);
  const int mi = read_digits(text, 14, 2);
  const int s = read_digits(text, 17, 2);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return std::nullopt;
  const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok()) return std::nullopt;
  const sys_seconds when = sys_days{date} + hours{h} + minutes{mi} + std::chrono::seconds{s};
  // Within what a system_clock::time_point holds (with nanoseconds, years 1678 to 2262), so
  // that the conversion cannot overflow.
  if (when < ceil<std::chrono::seconds>(system_clock::time_point::min()) ||
      when > floor<std::chrono::seconds>(system_clock::time_point::max())) {
    return std::nullopt;
  }
  return system_clock::time_point{when};
}

void append_history_mark(std::string& out, system_clock::time_point when, std::string_view relayed) {
  out.append(history_mark_opens).append(utc_time_text(when)).append("] ").append(relayed);
}

std::string mark_history(system_clock::time_point when, std::string_view relayed) {
  std::string marked;
  marked.reserve(history_mark_bytes + relayed.size());
  append_history_mark(marked, when, relayed);
  return marked;
}

std::optional<history_sender> split_history_mark(std::string_view sender_field) {
  if (!sender_field.starts_with(history_mark_opens) || sender_field.size() <= history_mark_bytes) return std::nullopt;
  const std::string_view said_at = sender_field.substr(history_mark_opens.size(), time_bytes);
  const std::string_view closing = sender_field.substr(history_mark_opens.size() + time_bytes, 2);
  if (closing != "] " || !parse_utc_time(said_at)) return std::nullopt;
  return history_sender{said_at, sender_field.substr(history_mark_bytes)};
}

void append_transcript_line(std::string& out, system_clock::time_point when, std::string_view relayed) {
  out.append(utc_time_text(when)).append(" ").append(relayed);
}

}  // namespace udpchat
