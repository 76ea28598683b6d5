// SPDX-License-Identifier: GPL-3.0-or-later
// escape_for_terminal, escape_keeping_tab, make_relay_text, append_relay_text and
// utf8_sequence_length, checked against a model written from the header's words, the hub's
// relay path end to end, and screen_lines over what escape_for_terminal gives.
//
// Input: the whole input is the text. Its first byte also picks where to cut it into a
// sender and a text for the relay round trip, and the screen's width.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "fuzz_check.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/screen_lines.hpp"
#include "udpchat/terminal_safe.hpp"
#include "udpchat/utf8.hpp"

namespace udpchat::fuzz {
namespace {

constexpr std::string_view fullwidth_low_line = "\xEF\xBC\xBF";  // U+FF3F

void append_hex(std::string& out, unsigned char byte) {
  constexpr std::string_view digits = "0123456789abcdef";
  out += "\\x";
  out += digits[byte >> 4U];
  out += digits[byte & 0x0FU];
}

// terminal_safe.hpp, said as code: well-formed UTF-8 passes; TAB becomes \t unless kept; LF and
// CR become \n and \r; other C0 controls, DEL, C1 controls and bytes outside well-formed UTF-8
// become \xNN a byte.
std::string model_escape(std::string_view text, bool keep_tab) {
  std::string out;
  while (!text.empty()) {
    if (text[0] == '\n' || text[0] == '\r' || (text[0] == '\t' && !keep_tab)) {
      out += text[0] == '\n' ? "\\n" : text[0] == '\r' ? "\\r" : "\\t";
      text.remove_prefix(1);
      continue;
    }
    const decoded_char each = decode_utf8(text);
    if (each.length != 0 && !is_control(each.code_point)) {
      out.append(text.substr(0, each.length));
      text.remove_prefix(each.length);
      continue;
    }
    const std::size_t bytes = each.length == 0 ? 1 : each.length;
    for (std::size_t i = 0; i < bytes; ++i) append_hex(out, static_cast<unsigned char>(text[i]));
    text.remove_prefix(bytes);
  }
  return out;
}

// Every run of four or more underscores as the same number of U+FF3F.
std::string model_break_separators(std::string_view text) {
  std::string out;
  while (!text.empty()) {
    if (text[0] != '_') {
      out += text[0];
      text.remove_prefix(1);
      continue;
    }
    std::size_t run = 0;
    while (run < text.size() && text[run] == '_') ++run;
    for (std::size_t i = 0; i < run; ++i) {
      if (run >= field_separator.size()) {
        out.append(fullwidth_low_line);
      } else {
        out += '_';
      }
    }
    text.remove_prefix(run);
  }
  return out;
}

// How many fields the original Python terminal sees: it splits on every "____".
std::size_t python_split_fields(std::string_view datagram) {
  std::size_t fields = 1;
  for (auto at = datagram.find(field_separator); at != std::string_view::npos;
       at = datagram.find(field_separator, at + field_separator.size())) {
    ++fields;
  }
  return fields;
}

// A sender as a hub writes one: not empty, no separator in it, and not ending in an underscore
// (which would join the separator that follows).
bool is_plausible_sender(std::string_view sender) {
  return !sender.empty() && sender.find(field_separator) == std::string_view::npos &&
         !sender.ends_with('_');
}

void check_relay_round_trip(std::string_view sender, std::string_view text) {
  const std::string relayed = make_relay_text(text);

  const std::string datagram = encode_relay(sender, relayed);
  FUZZ_CHECK(python_split_fields(datagram) == 2);
  const decoded_datagram decoded = decode_datagram(datagram);
  const auto* message = std::get_if<relayed_message>(&decoded);
  FUZZ_CHECK(message != nullptr);  // never a departure, never unreadable
  FUZZ_CHECK(message->sender == sender);
  FUZZ_CHECK(message->text == relayed);

  const std::string departure = encode_departure(sender, relayed);
  FUZZ_CHECK(python_split_fields(departure) == 3);
  const decoded_datagram left = decode_datagram(departure);
  const auto* notice = std::get_if<departure_notice>(&left);
  FUZZ_CHECK(notice != nullptr);
  FUZZ_CHECK(notice->sender == sender);
  FUZZ_CHECK(notice->notice == relayed);
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view input = as_text(data, size);

  if (!input.empty()) {
    FUZZ_CHECK(utf8_sequence_length(input) == decode_utf8(input).length);
  }

  const std::string shown = escape_for_terminal(input);
  FUZZ_CHECK(is_terminal_safe(shown));
  FUZZ_CHECK(shown.find('\t') == std::string::npos);
  FUZZ_CHECK(shown == model_escape(input, false));
  FUZZ_CHECK(escape_for_terminal(shown) == shown);  // safe text passes unchanged
  if (is_terminal_safe(input) && input.find_first_of("\r\n\t") == std::string_view::npos) {
    FUZZ_CHECK(shown == input);
  }
  const std::string tabs_kept = escape_keeping_tab(input);
  FUZZ_CHECK(is_terminal_safe(tabs_kept));
  FUZZ_CHECK(tabs_kept == model_escape(input, true));

  const std::string relayed = make_relay_text(input);
  FUZZ_CHECK(is_terminal_safe(relayed));
  FUZZ_CHECK(relayed.find(field_separator) == std::string::npos);
  FUZZ_CHECK(relayed == model_break_separators(tabs_kept));
  FUZZ_CHECK(make_relay_text(relayed) == relayed);

  // append_relay_text appends exactly what make_relay_text returns, whatever `out` held.
  const std::size_t cut = input.empty() ? 0 : static_cast<unsigned char>(input[0]) % (input.size() + 1);
  std::string out{input.substr(0, cut)};
  append_relay_text(out, input.substr(cut));
  FUZZ_CHECK(out == std::string{input.substr(0, cut)} + make_relay_text(input.substr(cut)));

  // On a screen of any width, the rows are the shown text again once their marks are taken off,
  // and only the first row lacks the mark.
  const std::size_t columns = input.empty() ? 0 : static_cast<unsigned char>(input[0]) % 160U;
  const std::vector<std::string> rows = screen_lines(input, columns);
  std::string rejoined = rows.front();
  FUZZ_CHECK(!rejoined.starts_with(continuation_mark) || shown.starts_with(continuation_mark));
  for (std::size_t i = 1; i < rows.size(); ++i) {
    FUZZ_CHECK(rows[i].starts_with(continuation_mark));
    FUZZ_CHECK(rows[i].size() > continuation_mark.size());
    rejoined += rows[i].substr(continuation_mark.size());
  }
  FUZZ_CHECK(rejoined == shown);
  if (columns == 0) FUZZ_CHECK(rows.size() == 1);

  // Whatever a member sends, what the hub relays decodes to that sender and that text.
  check_relay_round_trip("127.0.0.1:54321", input);
  check_relay_round_trip("[::1]:8000", input);
  check_relay_round_trip("('127.0.0.1', 54321)", input);
  const std::string_view sender = input.substr(0, cut);
  if (is_plausible_sender(sender)) check_relay_round_trip(sender, input.substr(cut));
  return 0;
}
