// SPDX-License-Identifier: GPL-3.0-or-later
// parse_agent_line: every line the help desk's agent types is read as agent_command.hpp says,
// checked against a model that splits the line into words.
//
// Input: one line from the agent's console.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "agent_command.hpp"
#include "fuzz_check.hpp"

namespace udpchat::fuzz {
namespace {

struct word {
  std::string_view text;
  std::size_t end;  // where it ends in the line
};

// The words of a command line, split on spaces (a TAB is part of a word).
std::vector<word> words_of(std::string_view line) {
  std::vector<word> words;
  std::size_t at = 0;
  while (at < line.size()) {
    if (line[at] == ' ') {
      ++at;
      continue;
    }
    std::size_t end = at;
    while (end < line.size() && line[end] != ' ') ++end;
    words.push_back({line.substr(at, end - at), end});
    at = end;
  }
  return words;
}

// N or #N: a decimal number from 1 to 2^64 - 1.
std::optional<std::uint64_t> customer_of(std::string_view text) {
  if (text.starts_with('#')) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  std::uint64_t number = 0;
  for (const char digit : text) {
    if (digit < '0' || digit > '9') return std::nullopt;
    const auto value = static_cast<std::uint64_t>(digit - '0');
    if (number > (UINT64_MAX - value) / 10) return std::nullopt;
    number = number * 10 + value;
  }
  if (number == 0) return std::nullopt;
  return number;
}

agent_command model_parse(std::string_view line) {
  if (line.find_first_not_of(" \t") == std::string_view::npos) return {};
  if (line == "quit") return {agent_action::quit, std::nullopt, {}};
  if (line.starts_with("//")) return {agent_action::say, std::nullopt, line.substr(1)};
  if (!line.starts_with('/')) return {agent_action::say, std::nullopt, line};

  const std::vector<word> words = words_of(line.substr(1));
  const agent_command invalid{agent_action::invalid, std::nullopt, {}};
  if (words.empty()) return invalid;
  const std::string_view name = words[0].text;
  const std::optional<std::uint64_t> number =
      words.size() >= 2 ? customer_of(words[1].text) : std::nullopt;
  if (name == "to") {
    if (words.size() < 3 || !number) return invalid;
    // The text: everything after the number but the spaces that start it.
    std::string_view text = line.substr(1 + words[1].end);
    text.remove_prefix(text.find_first_not_of(' '));
    return {agent_action::say_to, number, text};
  }
  if (name == "transfer") {
    if (words.size() != 3 || !number) return invalid;
    return {agent_action::transfer, number, words[2].text};
  }
  if (name == "c") {
    if (words.size() == 2) return {agent_action::canned, std::nullopt, words[1].text};
    const std::optional<std::uint64_t> to = words.size() == 3 ? customer_of(words[2].text) : std::nullopt;
    if (!to) return invalid;
    return {agent_action::canned, to, words[1].text};
  }
  if (name == "take") {
    if (words.size() != 2 || !number) return invalid;
    return {agent_action::take, number, {}};
  }
  if (name == "close") {
    if (words.size() == 1) return {agent_action::close, std::nullopt, {}};
    if (words.size() != 2 || !number) return invalid;
    return {agent_action::close, number, {}};
  }
  const agent_action plain = name == "next"   ? agent_action::next
                             : name == "who"  ? agent_action::who
                             : name == "agents" ? agent_action::agents
                             : name == "canned" ? agent_action::list_canned
                             : name == "help" ? agent_action::help
                             : name == "quit" ? agent_action::quit
                                              : agent_action::invalid;
  if (plain == agent_action::invalid || words.size() != 1) return invalid;
  return {plain, std::nullopt, {}};
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view line = as_text(data, size);
  const agent_command got = parse_agent_line(line);
  const agent_command expected = model_parse(line);

  FUZZ_CHECK(got.action == expected.action);
  FUZZ_CHECK(got.customer == expected.customer);
  switch (got.action) {
    case agent_action::say:
    case agent_action::say_to:
      // What is said is never empty, and is the end of the line itself, not a copy.
      FUZZ_CHECK(got.text == expected.text);
      FUZZ_CHECK(!got.text.empty());
      FUZZ_CHECK(got.text.data() + got.text.size() == line.data() + line.size());
      break;
    case agent_action::transfer:  // the agent's name
    case agent_action::canned:    // the reply's name
      FUZZ_CHECK(got.text == expected.text);
      FUZZ_CHECK(!got.text.empty());
      break;
    case agent_action::invalid:
      FUZZ_CHECK(!got.text.empty());  // it says why
      break;
    default:
      FUZZ_CHECK(got.text.empty());
      break;
  }
  return 0;
}
