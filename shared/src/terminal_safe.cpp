#include "udpchat/terminal_safe.hpp"

#include "udpchat/datagram_codec.hpp"
#include "udpchat/utf8.hpp"

#include <algorithm>

namespace udpchat {
namespace {

constexpr std::string_view fullwidth_low_line = "\xEF\xBC\xBF";  // U+FF3F

void append_hex_escape(std::string& out, unsigned char byte) {
  constexpr std::string_view digits = "0123456789abcdef";
  out += "\\x";
  out += digits[byte >> 4U];
  out += digits[byte & 0x0FU];
}

bool is_c1_control(std::string_view sequence) {
  // U+0080..U+009F encode as C2 80..C2 9F.
  return sequence.size() == 2 && static_cast<unsigned char>(sequence[0]) == 0xC2U &&
         static_cast<unsigned char>(sequence[1]) <= 0x9FU;
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto byte = static_cast<unsigned char>(text[0]);
    if (byte == '\n') {
      out += "\\n";
      text.remove_prefix(1);
      continue;
    }
    if (byte == '\r') {
      out += "\\r";
      text.remove_prefix(1);
      continue;
    }
    const std::size_t length = utf8_sequence_length(text);
    const std::string_view sequence = text.substr(0, length);
    const bool is_control = (length == 1 && ((byte < 0x20U && byte != '\t') || byte == 0x7FU)) ||
                            is_c1_control(sequence);
    if (length == 0 || is_control) {
      // A C1 control escapes byte by byte, like an invalid byte, so the output shows its bytes.
      const std::size_t escaped = length == 0 ? 1 : length;
      for (std::size_t i = 0; i < escaped; ++i) {
        append_hex_escape(out, static_cast<unsigned char>(text[i]));
      }
      text.remove_prefix(escaped);
      continue;
    }
    out.append(sequence);
    text.remove_prefix(length);
  }
  return out;
}

std::string make_relay_text(std::string_view text) {
  const std::string safe = escape_for_terminal(text);
  const std::size_t run_to_rewrite = field_separator.size();
  std::string out;
  out.reserve(safe.size());
  std::size_t i = 0;
  while (i < safe.size()) {
    if (safe[i] != '_') {
      out += safe[i++];
      continue;
    }
    const std::size_t run_end = std::min(safe.find_first_not_of('_', i), safe.size());
    const std::size_t run = run_end - i;
    if (run < run_to_rewrite) {
      out.append(run, '_');
    } else {
      for (std::size_t k = 0; k < run; ++k) out.append(fullwidth_low_line);
    }
    i = run_end;
  }
  return out;
}

}  // namespace udpchat
