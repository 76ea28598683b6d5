// SPDX-License-Identifier: GPL-3.0-or-later
#include "bench_message.hpp"

#include <charconv>

namespace udpchat::bench {
namespace {

template <typename Number>
bool read_number(std::string_view& text, Number& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end == text.data()) return false;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return true;
}

bool skip_space(std::string_view& text) {
  if (!text.starts_with(' ')) return false;
  text.remove_prefix(1);
  return true;
}

}  // namespace

void format_bench_message(const bench_message& message, std::size_t size, std::string& out) {
  out.assign("B ");
  out += std::to_string(message.member);
  out += ' ';
  out += std::to_string(message.sequence);
  out += ' ';
  out += std::to_string(message.sent_ns);
  if (out.size() + 1 < size) {
    out += ' ';
    out.append(size - out.size(), 'x');
  }
}

std::optional<bench_message> find_bench_message(std::string_view relayed) {
  // The body follows the server's label: "<ip:port>____B ..." from udpchat, "<user1> B ..." from
  // other chat servers.
  const auto separator = relayed.find("____");
  std::string_view text = separator == std::string_view::npos ? relayed : relayed.substr(separator + 4);
  const auto start = text.find("B ");
  if (start == std::string_view::npos) return std::nullopt;
  text.remove_prefix(start + 2);
  bench_message message{};
  if (!read_number(text, message.member) || !skip_space(text) ||
      !read_number(text, message.sequence) || !skip_space(text) ||
      !read_number(text, message.sent_ns)) {
    return std::nullopt;
  }
  if (!text.empty() && text.front() != ' ') return std::nullopt;
  return message;
}

}  // namespace udpchat::bench
