// SPDX-License-Identifier: GPL-3.0-or-later
// split_history_mark and parse_utc_time: a sender field is history exactly when it opens with
// "[history ", a time utc_time_text could have written, and "] " before a sender; the time
// reads back to the same text; marking a relayed message keeps it one message with the same
// text, and splitting the mark gives back its sender and time.
//
// Input: any bytes, taken as a sender field, as a time, and as a relayed datagram.

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

#include "fuzz_check.hpp"
#include "udpchat/datagram_codec.hpp"
#include "udpchat/history_mark.hpp"

namespace udpchat::fuzz {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The shape of "YYYY-MM-DDTHH:MM:SSZ", without the calendar's rules.
bool looks_like_time(std::string_view text) {
  constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == 'd' ? !is_digit(text[i]) : text[i] != shape[i]) return false;
  }
  return true;
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view input = as_text(data, size);

  // A time parses only in its one shape, and writes back as it was read.
  if (const auto when = parse_utc_time(input)) {
    FUZZ_CHECK(looks_like_time(input));
    FUZZ_CHECK(utc_time_text(*when) == input);
  }

  // A sender field is history exactly as the header says.
  const auto split = split_history_mark(input);
  const bool marked = input.starts_with(history_mark_opens) && input.size() > history_mark_bytes &&
                      parse_utc_time(input.substr(history_mark_opens.size(), 20)).has_value() &&
                      input.substr(history_mark_opens.size() + 20, 2) == "] ";
  FUZZ_CHECK(split.has_value() == marked);
  if (split) {
    FUZZ_CHECK(!split->sender.empty());
    const auto when = parse_utc_time(split->said_at);
    FUZZ_CHECK(when.has_value());
    FUZZ_CHECK(mark_history(*when, split->sender) == input);
  }

  // Marking a relayed message leaves it one message with the same text, whose sender splits
  // back into the time and the sender it had.
  const auto decoded = decode_datagram(input);
  if (const auto* message = std::get_if<relayed_message>(&decoded)) {
    const auto when = std::chrono::system_clock::time_point{std::chrono::seconds{static_cast<long>(size) * 86'401}};
    const std::string replayed = mark_history(when, input);
    const auto again = decode_datagram(replayed);
    const auto* message_again = std::get_if<relayed_message>(&again);
    FUZZ_CHECK(message_again != nullptr);
    FUZZ_CHECK(message_again->text == message->text);
    const auto history = split_history_mark(message_again->sender);
    FUZZ_CHECK(history.has_value());
    FUZZ_CHECK(history->sender == message->sender);
    FUZZ_CHECK(history->said_at == utc_time_text(when));
  }
  return 0;
}
