// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/canned_replies.hpp"

#include <algorithm>

#include "udpchat/member_name.hpp"
#include "udpchat/utf8.hpp"

namespace udpchat {
namespace {

constexpr std::string_view name_placeholder = "{name}";
constexpr std::string_view id_placeholder = "{id}";

bool is_utf8(std::string_view text) {
  while (!text.empty()) {
    const std::size_t length = utf8_sequence_length(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

bool is_word_byte(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// What is wrong with a reply's text, or empty.
std::string text_problem(std::string_view text) {
  if (text.empty()) return "no text after the name";
  if (text.size() > max_canned_text_bytes) {
    return "the text is " + std::to_string(text.size()) + " bytes, at most " + std::to_string(max_canned_text_bytes);
  }
  if (!is_utf8(text)) return "the text is not UTF-8";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\t') || byte == 0x7f) return "the text holds a control character";
  }
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    std::size_t end = open + 1;
    while (end < text.size() && is_word_byte(text[end])) ++end;
    if (end == open + 1 || end == text.size() || text[end] != '}') continue;  // not a {word}
    const std::string_view placeholder = text.substr(open, end + 1 - open);
    if (placeholder != name_placeholder && placeholder != id_placeholder) {
      return "unknown placeholder " + std::string{placeholder} + ": only {name} and {id} are filled in";
    }
  }
  return {};
}

}  // namespace

canned_replies_parsed parse_canned_replies(std::string_view file_text) {
  canned_replies_parsed parsed;
  const auto fail = [&parsed](std::size_t line, std::string reason) {
    parsed.replies.clear();
    parsed.error = canned_replies_error{line, std::move(reason)};
    return parsed;
  };
  std::size_t number = 0;
  while (!file_text.empty()) {
    ++number;
    const auto end = file_text.find('\n');
    std::string_view line = file_text.substr(0, end);
    file_text = end == std::string_view::npos ? std::string_view{} : file_text.substr(end + 1);
    if (line.ends_with('\r')) line.remove_suffix(1);
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos || line[first] == '#') continue;
    if (first != 0) return fail(number, "a reply's name starts the line");
    const auto name_end = line.find_first_of(" \t");
    const std::string_view name = line.substr(0, name_end);
    if (!is_valid_name(name)) return fail(number, "'" + std::string{name} + "' is not a name: " + std::string{name_rule()});
    std::string_view text = name_end == std::string_view::npos ? std::string_view{} : line.substr(name_end);
    text.remove_prefix(std::min(text.size(), text.find_first_not_of(" \t")));
    if (const std::string problem = text_problem(text); !problem.empty()) return fail(number, problem);
    if (std::any_of(parsed.replies.begin(), parsed.replies.end(),
                    [name](const canned_reply& each) { return each.name == name; })) {
      return fail(number, "a second reply called " + std::string{name});
    }
    if (parsed.replies.size() == max_canned_replies) {
      return fail(number, "more than " + std::to_string(max_canned_replies) + " replies");
    }
    parsed.replies.push_back({std::string{name}, std::string{text}});
  }
  return parsed;
}

std::string fill_canned_reply(std::string_view text, std::string_view name, std::uint64_t id) {
  std::string filled;
  filled.reserve(text.size() + name.size());
  while (!text.empty()) {
    if (text.starts_with(name_placeholder)) {
      filled.append(name);
      text.remove_prefix(name_placeholder.size());
    } else if (text.starts_with(id_placeholder)) {
      filled.append("#" + std::to_string(id));
      text.remove_prefix(id_placeholder.size());
    } else {
      filled.push_back(text.front());
      text.remove_prefix(1);
    }
  }
  return filled;
}

}  // namespace udpchat
