// SPDX-License-Identifier: GPL-3.0-or-later
#include "udpchat/network_conditions.hpp"

#include <array>
#include <vector>

namespace udpchat {
namespace {

constexpr std::size_t max_decimals = 4;  // parts per million of a percent: 10^-4 %

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// A run of digits as a number, or nullopt if `text` is empty, has another character, or passes
// `most` (so that it cannot overflow).
std::optional<std::uint64_t> whole_number(std::string_view text, std::uint64_t most) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
    if (value > most) return most + 1;
  }
  return value;
}

std::string quoted(std::string_view text) { return "'" + std::string{text} + "'"; }

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at < line.size()) {
    if (line[at] == ' ' || line[at] == '\t') {
      ++at;
      continue;
    }
    const std::size_t end = line.find_first_of(" \t", at);
    const std::size_t stop = end == std::string_view::npos ? line.size() : end;
    out.push_back(line.substr(at, stop - at));
    at = stop;
  }
  return out;
}

}  // namespace

condition_value<std::uint32_t> parse_percent(std::string_view text) {
  const std::string not_one = quoted(text) + " is not a percentage (0 to 100, such as 30 or 12.5)";
  std::string_view number = text;
  if (number.ends_with('%')) number.remove_suffix(1);
  const std::size_t point = number.find('.');
  const std::string_view whole = number.substr(0, point);
  const std::string_view decimals = point == std::string_view::npos ? std::string_view{} : number.substr(point + 1);
  const auto whole_value = whole_number(whole, 100);
  if (!whole_value || (point != std::string_view::npos && !whole_number(decimals, UINT64_MAX / 10))) {
    return {std::nullopt, not_one};
  }
  if (decimals.size() > max_decimals) {
    return {std::nullopt, quoted(text) + " has more than " + std::to_string(max_decimals) + " decimals"};
  }
  const std::uint64_t fraction = *whole_number(std::string{decimals} + std::string(max_decimals - decimals.size(), '0'), 9999);
  const std::uint64_t value = *whole_value * 10'000 + fraction;
  if (value > per_million) return {std::nullopt, quoted(text) + " is more than 100"};
  return {static_cast<std::uint32_t>(value), {}};
}

condition_value<delay_setting> parse_delay(std::string_view text) {
  const auto most = static_cast<std::uint64_t>(max_delay.count());
  const std::size_t colon = text.find(':');
  const std::string_view delay_text = text.substr(0, colon);
  const std::string_view jitter_text = colon == std::string_view::npos ? "0" : text.substr(colon + 1);
  const auto delay = whole_number(delay_text, most);
  const auto jitter = whole_number(jitter_text, most);
  if (!delay || !jitter) {
    return {std::nullopt, quoted(text) + " is not a delay in milliseconds (MS or MS:JITTER_MS, such as 200 or 300:100)"};
  }
  if (*delay > most || *jitter > most) {
    return {std::nullopt, quoted(text) + " is longer than " + std::to_string(most) + " ms"};
  }
  if (*jitter > *delay) {
    return {std::nullopt, quoted(text) + ": the jitter may not exceed the delay"};
  }
  return {delay_setting{std::chrono::milliseconds{*delay}, std::chrono::milliseconds{*jitter}}, {}};
}

std::string percent_text(std::uint32_t parts_per_million) {
  std::string out = std::to_string(parts_per_million / 10'000);
  std::uint32_t fraction = parts_per_million % 10'000;
  if (fraction != 0) {
    std::string decimals = std::to_string(fraction);
    decimals.insert(0, max_decimals - decimals.size(), '0');
    while (decimals.back() == '0') decimals.pop_back();
    out += "." + decimals;
  }
  return out + "%";
}

std::string conditions_text(const network_conditions& conditions) {
  if (!conditions.any()) return "normal (no loss, delay, duplicates or reordering)";
  std::string out = "loss " + percent_text(conditions.loss) + ", delay " + std::to_string(conditions.delay.count()) + " ms";
  if (conditions.jitter.count() != 0) out += ", jitter " + std::to_string(conditions.jitter.count()) + " ms";
  out += ", duplicate " + percent_text(conditions.duplicate) + ", reorder " + percent_text(conditions.reorder);
  return out;
}

condition_value<condition_command> parse_condition_command(std::string_view line, const network_conditions& now) {
  const auto parts = words(line);
  if (parts.empty()) return {};
  const std::string_view name = parts.front();
  if (name == "normal" || name == "conditions") {
    if (parts.size() != 1) return {std::nullopt, "usage: " + std::string{name} + " (nothing after it)"};
    if (name == "normal") return {condition_command{condition_command_kind::change, {}}, {}};
    return {condition_command{condition_command_kind::show, now}, {}};
  }
  struct percent_setting {
    std::string_view name;
    std::uint32_t network_conditions::*field;
  };
  constexpr std::array<percent_setting, 3> percents{{{"loss", &network_conditions::loss},
                                                     {"duplicate", &network_conditions::duplicate},
                                                     {"reorder", &network_conditions::reorder}}};
  const bool is_delay = name == "delay";
  const percent_setting* percent = nullptr;
  for (const auto& each : percents) {
    if (each.name == name) percent = &each;
  }
  if (!is_delay && percent == nullptr) return {};
  const std::string usage = "usage: " + std::string{name} + (is_delay ? " MS[:JITTER_MS]" : " PERCENT");
  if (parts.size() != 2) return {std::nullopt, usage};
  condition_command command{condition_command_kind::change, now};
  if (is_delay) {
    const auto setting = parse_delay(parts[1]);
    if (!setting.value) return {std::nullopt, std::string{name} + ": " + setting.error};
    command.conditions.delay = setting.value->delay;
    command.conditions.jitter = setting.value->jitter;
  } else {
    const auto share = parse_percent(parts[1]);
    if (!share.value) return {std::nullopt, std::string{name} + ": " + share.error};
    command.conditions.*(percent->field) = *share.value;
  }
  return {command, {}};
}

}  // namespace udpchat
