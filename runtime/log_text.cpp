// SPDX-License-Identifier: GPL-3.0-or-later
#include "log_text.hpp"

#include <cstdio>
#include <ctime>

namespace udpchat {
namespace {

// A console shows the start of a long message; its recipients always get it whole.
constexpr std::size_t logged_text_bytes = 200;

}  // namespace

std::string timestamped(std::string_view text) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  const std::size_t stamp_size = std::strftime(stamp, sizeof stamp, "%Y-%m-%d %H:%M:%S ", &local);
  std::string line{stamp, stamp_size};
  line.append(text);
  return line;
}

std::string log_excerpt(std::string_view text) {
  if (text.size() <= logged_text_bytes) return std::string{text};
  std::size_t cut = logged_text_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return std::string{text.substr(0, cut)} + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string clock_time(std::chrono::system_clock::time_point when) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
  std::tm local{};
  localtime_r(&seconds, &local);
  char text[16];
  const std::size_t size = std::strftime(text, sizeof text, "%H:%M:%S", &local);
  return std::string{text, size};
}

std::string precise_clock_time(std::chrono::system_clock::time_point when) {
  const auto since_second = std::chrono::duration_cast<std::chrono::microseconds>(
      when - std::chrono::floor<std::chrono::seconds>(when));
  char micros[24];
  std::snprintf(micros, sizeof micros, ".%06lld", static_cast<long long>(since_second.count()));
  return clock_time(when) + micros;
}

std::string counted(std::size_t count, std::string_view noun) {
  std::string text = std::to_string(count) + ' ';
  text.append(noun);
  if (count != 1) text += 's';
  return text;
}

}  // namespace udpchat
