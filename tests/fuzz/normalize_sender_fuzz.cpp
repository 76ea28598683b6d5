// SPDX-License-Identifier: GPL-3.0-or-later
// normalize_sender and format_host_port: Python address tuples become ip:port or [ip]:port,
// anything else stays as it is.
//
// Input: bytes 0-1 a port (big-endian); all of it is also a sender, and the bytes after the
// port a host.

#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "udpchat/address_text.hpp"

namespace udpchat::fuzz {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// address_text.hpp, said as code: ('<host>', <port>) or ('<host>', <port>, <more>), host not
// empty, port a decimal number up to 65535.
std::string model_normalize(std::string_view sender) {
  const std::string unchanged{sender};
  if (sender.size() < 3 || !sender.starts_with("('") || !sender.ends_with(')')) return unchanged;
  const std::string_view inner = sender.substr(2, sender.size() - 3);
  const auto quote = inner.find("', ");
  if (quote == std::string_view::npos || quote == 0) return unchanged;
  const std::string_view host = inner.substr(0, quote);
  std::string_view after = inner.substr(quote + 3);
  unsigned long port = 0;
  std::size_t digits = 0;
  while (digits < after.size() && is_digit(after[digits])) {
    port = port * 10 + static_cast<unsigned long>(after[digits] - '0');
    if (port > 65535) return unchanged;
    ++digits;
  }
  if (digits == 0) return unchanged;
  after.remove_prefix(digits);
  if (!after.empty() && !after.starts_with(", ")) return unchanged;
  const bool is_v6 = host.find(':') != std::string_view::npos;
  return (is_v6 ? "[" + std::string{host} + "]" : std::string{host}) + ":" + std::to_string(port);
}

}  // namespace
}  // namespace udpchat::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace udpchat;
  using namespace udpchat::fuzz;
  const std::string_view sender = as_text(data, size);

  const std::string shown = normalize_sender(sender);
  FUZZ_CHECK(shown == model_normalize(sender));
  FUZZ_CHECK(normalize_sender(shown) == shown);  // what it shows is never a tuple again
  if (shown != sender) {
    const auto colon = shown.rfind(':');
    FUZZ_CHECK(colon != std::string::npos);
    const std::string port_text = shown.substr(colon + 1);
    FUZZ_CHECK(!port_text.empty() && port_text.size() <= 5);
    FUZZ_CHECK(port_text == "0" || port_text[0] != '0');
    FUZZ_CHECK(std::stoul(port_text) <= 65535);
  }

  if (size < 2) return 0;
  const auto port = static_cast<std::uint16_t>((data[0] << 8U) | data[1]);
  const std::string_view host = sender.substr(2);
  const std::string port_text = std::to_string(port);

  const std::string formatted = format_host_port(host, port);
  const bool is_v6 = host.find(':') != std::string_view::npos;
  FUZZ_CHECK(formatted == (is_v6 ? "[" + std::string{host} + "]" : std::string{host}) + ":" + port_text);

  // The Python hub's tuples for that host and port show as format_host_port does.
  if (!host.empty() && host.find("', ") == std::string_view::npos) {
    const std::string v4_tuple = "('" + std::string{host} + "', " + port_text + ")";
    const std::string v6_tuple = "('" + std::string{host} + "', " + port_text + ", 0, 0)";
    FUZZ_CHECK(normalize_sender(v4_tuple) == formatted);
    FUZZ_CHECK(normalize_sender(v6_tuple) == formatted);
  }
  return 0;
}
