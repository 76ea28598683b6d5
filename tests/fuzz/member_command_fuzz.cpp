// SPDX-License-Identifier: GPL-3.0-or-later
// parse_member_command, the member names it reads, and json_string, which prints what members
// send: commands are recognised exactly as member_command.hpp says, a name and its address
// come apart again as they were put together, and every JSON string is valid and terminal-safe.
//
// Input: all of it is a message text, a candidate name, and a text to quote.

#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "udpchat/json_text.hpp"
#include "udpchat/member_command.hpp"
#include "udpchat/member_name.hpp"

namespace udpchat::fuzz {
namespace {

constexpr std::string_view blanks = " \t";

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && blanks.find(text.back()) != std::string_view::npos) text.remove_suffix(1);
  return text;
}

// The command word followed by nothing or by a blank.
bool begins_with_word(std::string_view text, std::string_view word) {
  return text.starts_with(word) &&
         (text.size() == word.size() || blanks.find(text[word.size()]) != std::string_view::npos);
}

void check_command(std::string_view text) {
  const auto command = parse_member_command(text);
  const bool is_nick = begins_with_word(text, nick_command);
  const bool is_who = !is_nick && trim_right(text) == who_command;
  FUZZ_CHECK(command.has_value() == (is_nick || is_who));
  if (!command) return;
  if (is_nick) {
    FUZZ_CHECK(command->kind == member_command_kind::nick);
    const std::string_view name = command->argument;
    // The argument is the rest, without the blanks around it.
    FUZZ_CHECK(name.empty() || (blanks.find(name.front()) == std::string_view::npos &&
                                blanks.find(name.back()) == std::string_view::npos));
    FUZZ_CHECK(name.empty() || text.substr(nick_command.size()).find(name) != std::string_view::npos);
  } else {
    FUZZ_CHECK(command->kind == member_command_kind::who && command->argument.empty());
  }
}

void check_name(std::string_view text) {
  const std::string_view address = "127.0.0.1:5";
  if (is_valid_name(text)) {
    FUZZ_CHECK(text.size() <= max_name_bytes && is_terminal_safe(text));
    FUZZ_CHECK(text.find("____") == std::string_view::npos);
    const std::string sender = named_sender(text, address);
    const sender_parts parts = split_sender(sender);
    FUZZ_CHECK(parts.name == text && parts.address == address);
  }
  // Whatever is split comes back together as it was.
  const sender_parts parts = split_sender(text);
  FUZZ_CHECK(named_sender(parts.name, parts.address) == text);
}

void check_json(std::string_view text) {
  const std::string quoted = json_string(text);
  FUZZ_CHECK(quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"');
  const std::string_view inside = std::string_view{quoted}.substr(1, quoted.size() - 2);
  FUZZ_CHECK(is_terminal_safe(inside));
  // A quote or TAB inside appears only escaped: the escape's second character is skipped.
  for (std::size_t i = 0; i < inside.size(); ++i) {
    FUZZ_CHECK(inside[i] != '\t' && inside[i] != '"');
    if (inside[i] == '\\') {
      FUZZ_CHECK(i + 1 < inside.size());
      const char escaped = inside[++i];
      FUZZ_CHECK(escaped == '"' || escaped == '\\' || escaped == 't');
    }
  }
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = udpchat::fuzz::as_text(data, size);
  udpchat::fuzz::check_command(text);
  udpchat::fuzz::check_name(text);
  udpchat::fuzz::check_json(text);
  return 0;
}
