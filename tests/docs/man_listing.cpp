// SPDX-License-Identifier: GPL-3.0-or-later
// Reads the sections, options and commands out of a man page's roff source.
#include <algorithm>
#include <regex>
#include <sstream>
#include <utility>

#include "option_listing.hpp"

namespace udpchat::testing {
namespace {

bool is_comment(const std::string& line) { return line.starts_with(".\\\""); }

// ".SH \"EXIT STATUS\"" -> "EXIT STATUS"
std::string heading(const std::string& line) {
  std::string name = line.substr(3);
  name.erase(0, name.find_first_not_of(' '));
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  return name;
}

// The words of a macro line, quotes honoured: `.BR "a b" c` -> {"a b", "c"}.
std::vector<std::string> arguments(std::string_view text) {
  std::vector<std::string> words;
  std::size_t at = 0;
  while (at < text.size()) {
    if (text[at] == ' ') {
      ++at;
      continue;
    }
    std::string word;
    if (text[at] == '"') {
      const auto end = text.find('"', at + 1);
      word = std::string{text.substr(at + 1, end == std::string_view::npos ? end : end - at - 1)};
      at = end == std::string_view::npos ? text.size() : end + 1;
    } else {
      const auto end = std::min(text.find(' ', at), text.size());
      word = std::string{text.substr(at, end - at)};
      at = end;
    }
    words.push_back(word);
  }
  return words;
}

std::string resolve_escapes(std::string_view text) {
  static const std::pair<std::string_view, std::string_view> named[] = {
      {"aq", "'"}, {"mu", "\u00d7"}, {"mi", "\u2212"}, {"em", "\u2014"}, {"en", "\u2013"}};
  std::string out;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text[at] != '\\' || at + 1 == text.size()) {
      out += text[at];
      continue;
    }
    const char kind = text[++at];
    if (kind == 'f') {
      ++at;  // \fB, \fI, \fR, \fP: a font change, nothing to read
    } else if (kind == '(' && at + 2 < text.size()) {
      const auto name = text.substr(at + 1, 2);
      for (const auto& [escape, meaning] : named) {
        if (name == escape) out += meaning;
      }
      at += 2;
    } else if (kind == 'e') {
      out += '\\';
    } else if (kind != '&') {
      out += kind;  // \- is a minus, "\ " a space
    }
  }
  return out;
}

}  // namespace

std::string plain_text(std::string_view roff_line) {
  if (!roff_line.starts_with(".")) return resolve_escapes(roff_line);
  const auto space = roff_line.find(' ');
  const std::string_view macro = roff_line.substr(1, space == std::string_view::npos ? space : space - 1);
  const std::string_view rest = space == std::string_view::npos ? std::string_view{} : roff_line.substr(space + 1);
  const bool alternating = macro.size() == 2 && macro.find_first_not_of("BIR") == std::string_view::npos;
  std::string joined;
  for (const auto& word : arguments(rest)) {
    if (!alternating && !joined.empty()) joined += ' ';
    joined += word;
  }
  return resolve_escapes(joined);
}

man_page parse_man_page(std::string_view roff) {
  static const std::regex pending_mark{R"(^\.\\" pending: --([A-Za-z0-9][A-Za-z0-9-]*) *$)"};
  static const std::regex long_name{R"(--([A-Za-z0-9][A-Za-z0-9-]*))"};
  static const std::regex stated_default{R"(Default: ([^ ]+))"};
  std::vector<std::string> lines;
  std::istringstream in{std::string{roff}};
  for (std::string line; std::getline(in, line);) lines.push_back(line);

  man_page page;
  std::string section;
  std::vector<std::string> bodies;  // the text of each option entry
  for (std::size_t at = 0; at < lines.size(); ++at) {
    const std::string& line = lines[at];
    std::smatch parts;
    if (std::regex_match(line, parts, pending_mark)) {
      page.pending.push_back(parts[1].str());
      continue;
    }
    if (is_comment(line)) continue;
    if (line.starts_with(".SH")) {
      section = heading(line);
      page.sections.push_back(section);
      continue;
    }
    // Every line after an entry's tag, up to the next entry, is its text.
    if (section == "OPTIONS" && !bodies.empty() && !line.starts_with(".TP") && !lines[at - 1].starts_with(".TP")) {
      bodies.back() += " " + plain_text(line);
    }
    if (!line.starts_with(".TP") || at + 1 == lines.size()) continue;
    const std::string tag = plain_text(lines[at + 1]);
    if (section == "OPTIONS") {
      listed_option option;
      option.tag = tag;
      if (std::regex_search(tag, parts, long_name)) option.name = parts[1].str();
      page.options.push_back(option);
      bodies.emplace_back();
    } else if (section == "COMMANDS") {
      page.commands.push_back(tag.substr(0, tag.find(' ')));
    }
  }
  for (std::size_t each = 0; each < page.options.size(); ++each) {
    for (const auto& name : page.pending) {
      if (name == page.options[each].name) page.options[each].pending = true;
    }
    std::smatch parts;
    if (!std::regex_search(bodies[each], parts, stated_default)) continue;
    std::string value = parts[1].str();
    if (value.ends_with('.')) value.pop_back();  // the end of the sentence
    page.options[each].default_value = value;
  }
  return page;
}

}  // namespace udpchat::testing
