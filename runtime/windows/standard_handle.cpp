// SPDX-License-Identifier: GPL-3.0-or-later
#include "windows/standard_handle.hpp"

#include <algorithm>

#include "udpchat/utf8.hpp"

namespace udpchat::windows {
namespace {

// WriteConsoleW has failed on large buffers on older Windows (the console's shared heap).
constexpr std::size_t console_chunk = 8192;

}  // namespace

bool is_console(HANDLE handle) {
  DWORD mode = 0;
  return handle != nullptr && handle != INVALID_HANDLE_VALUE && GetConsoleMode(handle, &mode) != 0;
}

std::wstring to_utf16(std::string_view text) {
  if (text.empty()) return {};
  const int size = static_cast<int>(text.size());
  const int wide = MultiByteToWideChar(CP_UTF8, 0, text.data(), size, nullptr, 0);
  std::wstring converted(static_cast<std::size_t>(std::max(wide, 0)), L'\0');
  if (wide > 0) MultiByteToWideChar(CP_UTF8, 0, text.data(), size, converted.data(), wide);
  return converted;
}

DWORD write_whole(HANDLE handle, bool console, std::string_view bytes, std::string& carry) {
  if (!console) {
    while (!bytes.empty()) {
      DWORD written = 0;
      const auto size = static_cast<DWORD>(std::min<std::size_t>(bytes.size(), 1U << 30));
      if (WriteFile(handle, bytes.data(), size, &written, nullptr) == 0) return GetLastError();
      bytes.remove_prefix(written);
    }
    return 0;
  }
  std::string text = std::move(carry);
  carry.clear();
  text.append(bytes);
  const std::size_t cut = utf8_cut_tail_length(text);
  carry.assign(text, text.size() - cut, cut);
  text.resize(text.size() - cut);
  const std::wstring wide = to_utf16(text);
  std::wstring_view rest{wide};
  while (!rest.empty()) {
    std::size_t chunk = std::min(rest.size(), console_chunk);
    // Never split a surrogate pair between two calls.
    if (chunk < rest.size() && rest[chunk - 1] >= 0xD800 && rest[chunk - 1] <= 0xDBFF) --chunk;
    DWORD written = 0;
    if (WriteConsoleW(handle, rest.data(), static_cast<DWORD>(chunk), &written, nullptr) == 0) {
      return GetLastError();
    }
    rest.remove_prefix(written == 0 ? chunk : std::min<std::size_t>(written, chunk));
  }
  return 0;
}

}  // namespace udpchat::windows
