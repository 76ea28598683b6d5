// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_command.hpp"

#include <algorithm>
#include <charconv>

namespace udpchat {
namespace {

// Splits off the first space-separated word, and the spaces after it: `rest` is then empty when
// no word is left, whatever spaces trailed.
std::string_view next_word(std::string_view& rest) {
  const auto start = rest.find_first_not_of(' ');
  if (start == std::string_view::npos) {
    rest = {};
    return {};
  }
  rest.remove_prefix(start);
  const auto end = rest.find(' ');
  const std::string_view word = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(' ')));
  return word;
}

std::optional<std::uint64_t> customer_number(std::string_view word) {
  if (word.starts_with('#')) word.remove_prefix(1);
  std::uint64_t number = 0;
  const auto [end, error] = std::from_chars(word.data(), word.data() + word.size(), number);
  if (word.empty() || error != std::errc{} || end != word.data() + word.size() || number == 0) {
    return std::nullopt;
  }
  return number;
}

agent_command invalid(std::string_view why) { return {agent_action::invalid, std::nullopt, why}; }

}  // namespace

agent_command parse_agent_line(std::string_view line) {
  if (line.find_first_not_of(" \t") == std::string_view::npos) return {};
  if (line == "quit") return {agent_action::quit, std::nullopt, {}};
  if (line.starts_with("//")) return {agent_action::say, std::nullopt, line.substr(1)};
  if (!line.starts_with('/')) return {agent_action::say, std::nullopt, line};

  std::string_view rest = line.substr(1);
  const std::string_view name = next_word(rest);
  const std::string_view argument = next_word(rest);
  const auto number = customer_number(argument);
  if (name == "to") {
    if (!number || rest.empty()) return invalid("usage: /to N text");
    return {agent_action::say_to, number, rest};
  }
  if (name == "transfer") {
    const std::string_view agent = next_word(rest);
    if (!number || agent.empty() || !rest.empty()) return invalid("usage: /transfer N AGENT");
    return {agent_action::transfer, number, agent};
  }
  if (name == "c") {
    const std::string_view which = next_word(rest);
    const auto to = customer_number(which);
    if (argument.empty() || (!which.empty() && !to) || !rest.empty()) return invalid("usage: /c NAME [N]");
    return {agent_action::canned, to, argument};
  }
  // The commands below take at most a customer number.
  const bool has_extra = !rest.empty();
  if (name == "take") {
    if (!number || has_extra) return invalid("usage: /take N");
    return {agent_action::take, number, {}};
  }
  if (name == "close") {
    if ((!argument.empty() && !number) || has_extra) return invalid("usage: /close [N]");
    return {agent_action::close, number, {}};
  }
  const agent_action plain = name == "next"   ? agent_action::next
                             : name == "who"  ? agent_action::who
                             : name == "agents" ? agent_action::agents
                             : name == "canned" ? agent_action::list_canned
                             : name == "help" ? agent_action::help
                             : name == "quit" ? agent_action::quit
                                              : agent_action::invalid;
  if (plain == agent_action::invalid) return invalid("unknown command; /help lists them");
  if (!argument.empty()) return invalid("this command takes no argument; /help lists them");
  return {plain, std::nullopt, {}};
}

}  // namespace udpchat
