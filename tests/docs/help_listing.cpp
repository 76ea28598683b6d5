// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the options and commands out of a program's --help text.
#include <regex>
#include <sstream>

#include "option_listing.hpp"

namespace udpchat::testing {
namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> lines;
  std::istringstream in{std::string{text}};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t") == std::string::npos; }

// Runs of spaces (cxxopts wraps descriptions and leaves a space at the end of a cut line) as one.
std::string collapsed(const std::string& text) {
  return std::regex_replace(text, std::regex{" +"}, " ");
}

}  // namespace

std::vector<listed_option> options_in_help(std::string_view help) {
  // "  -p, --port PORT          text" or "      --host ADDRESS       text"; the text may start on
  // the next line when the tag is too wide for its column. A value may have an optional part,
  // in brackets: "--web [ADDRESS:]PORT", "--delay MS[:JITTER_MS]".
  static const std::regex option_line{
      R"(^  (?:-([A-Za-z0-9]), |    )--([A-Za-z0-9][A-Za-z0-9-]*)(?: ((?:\[[A-Z][A-Z0-9_]*:\])?[A-Z][A-Z0-9_]*(?:\[:[A-Z][A-Z0-9_]*\])?))?(?: +(.*))?$)"};
  static const std::regex shown_default{R"(\(default: ([^)]*)\) *$)"};
  const auto lines = lines_of(help);
  std::size_t at = 0;
  while (at < lines.size() && !blank(lines[at])) ++at;  // the description and the usage
  while (at < lines.size() && blank(lines[at])) ++at;

  std::vector<listed_option> options;
  std::vector<std::string> descriptions;
  for (; at < lines.size() && !blank(lines[at]); ++at) {
    std::smatch parts;
    if (std::regex_match(lines[at], parts, option_line)) {
      listed_option option;
      option.name = parts[2].str();
      option.tag = (parts[1].matched ? "-" + parts[1].str() + ", " : std::string{}) + "--" + option.name +
                   (parts[3].matched ? " " + parts[3].str() : std::string{});
      options.push_back(option);
      descriptions.push_back(parts[4].str());
    } else if (!options.empty()) {
      descriptions.back() += " " + lines[at];
    }
  }
  for (std::size_t each = 0; each < options.size(); ++each) {
    const std::string description = collapsed(descriptions[each]);
    std::smatch parts;
    if (std::regex_search(description, parts, shown_default)) options[each].default_value = parts[1].str();
  }
  return options;
}

std::vector<std::string> commands_in_help(std::string_view help) {
  static const std::regex command_line{R"(^  ([^ ]+).*$)"};
  const auto lines = lines_of(help);
  std::vector<std::string> commands;
  bool in_block = false;
  for (const auto& line : lines) {
    if (line.find("commands (type on standard input):") != std::string::npos) {
      in_block = true;
      continue;
    }
    if (!in_block) continue;
    std::smatch parts;
    if (std::regex_match(line, parts, command_line)) {
      std::string command = parts[1].str();
      if (command.size() > 2 && command.front() == '<' && command.back() == '>') {
        command = command.substr(1, command.size() - 2);
      }
      commands.push_back(command);
    } else if (!line.starts_with("   ")) {
      in_block = false;  // a line indented further continues the command before it
    }
  }
  return commands;
}

}  // namespace udpchat::testing
