// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/terminal_safe.hpp"

#include "udpchat/datagram_codec.hpp"
#include "udpchat/utf8.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>

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

// What append_safe does beyond escaping control characters.
struct safe_text_rules {
  bool keep_tab;          // TAB stays raw rather than becoming \t
  bool break_separators;  // runs of four or more underscores become U+FF3F
};

// Appends the escaped form of the character at the front of `text` and returns how many bytes
// of `text` it used. An underscore is left to the caller.
std::size_t append_one_escaped(std::string& out, std::string_view text, bool keep_tab) {
  const auto byte = static_cast<unsigned char>(text[0]);
  if (byte == '\t' && !keep_tab) {
    out += "\\t";
    return 1;
  }
  if (byte == '\n') {
    out += "\\n";
    return 1;
  }
  if (byte == '\r') {
    out += "\\r";
    return 1;
  }
  const std::size_t length = utf8_sequence_length(text);
  const std::string_view sequence = text.substr(0, length);
  const bool is_control = (length == 1 && ((byte < 0x20U && byte != '\t') || byte == 0x7FU)) ||
                          is_c1_control(sequence);
  if (length == 0 || is_control) {
    // A C1 control escapes byte by byte, like an invalid byte, so the output shows its bytes.
    const std::size_t escaped = length == 0 ? 1 : length;
    for (std::size_t i = 0; i < escaped; ++i) append_hex_escape(out, static_cast<unsigned char>(text[i]));
    return escaped;
  }
  out.append(sequence);
  return length;
}

bool is_plain_ascii(unsigned char byte) { return byte >= 0x20U && byte < 0x7FU && byte != '_'; }

// How many bytes at the front of `text` are plain ASCII (is_plain_ascii). Every message a hub
// relays passes through here, so whole words of eight bytes are tested at once, by the "has a
// byte less than n" test of Hacker's Delight (section 6-1), which answers exactly whether any
// byte qualifies when n <= 128. The byte order of the load does not matter to that question.
std::size_t plain_ascii_prefix(std::string_view text) {
  constexpr std::uint64_t ones = 0x0101010101010101U;
  constexpr std::uint64_t highs = 0x8080808080808080U;
  const auto has_byte_below = [&](std::uint64_t word, std::uint64_t n) { return (word - ones * n) & ~word & highs; };
  std::size_t plain = 0;
  for (; plain + sizeof(std::uint64_t) <= text.size(); plain += sizeof(std::uint64_t)) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + plain, sizeof word);
    const std::uint64_t control = has_byte_below(word, 0x20U);
    // DEL (0x7F) gains its top bit from the + 1; a byte of 0x80 or more has it already, and the
    // carry out of an 0xFF byte cannot hide that.
    const std::uint64_t del_or_not_ascii = ((word + ones) | word) & highs;
    const std::uint64_t underscore = has_byte_below(word ^ (ones * '_'), 1);
    if ((control | del_or_not_ascii | underscore) != 0) break;
  }
  while (plain < text.size() && is_plain_ascii(static_cast<unsigned char>(text[plain]))) ++plain;
  return plain;
}

// Appends text for a terminal by `rules`. Runs of plain printable ASCII, the common case, are
// found a word at a time and copied in one piece.
void append_safe(std::string& out, std::string_view text, safe_text_rules rules) {
  while (!text.empty()) {
    const std::size_t plain = plain_ascii_prefix(text);
    out.append(text.substr(0, plain));
    text.remove_prefix(plain);
    if (text.empty()) return;
    if (text[0] == '_') {
      const std::size_t run = std::min(text.find_first_not_of('_'), text.size());
      if (rules.break_separators && run >= field_separator.size()) {
        for (std::size_t k = 0; k < run; ++k) out.append(fullwidth_low_line);
      } else {
        out.append(run, '_');
      }
      text.remove_prefix(run);
      continue;
    }
    text.remove_prefix(append_one_escaped(out, text, rules.keep_tab));
  }
}

}  // namespace

std::string escape_for_terminal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_safe(out, text, {.keep_tab = false, .break_separators = false});
  return out;
}

std::string escape_keeping_tab(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_safe(out, text, {.keep_tab = true, .break_separators = false});
  return out;
}

void append_relay_text(std::string& out, std::string_view text) {
  append_safe(out, text, {.keep_tab = true, .break_separators = true});
}

std::string make_relay_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_relay_text(out, text);
  return out;
}

}  // namespace udpchat
