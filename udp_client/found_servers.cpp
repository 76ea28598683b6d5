// SPDX-License-Identifier: GPL-3.0-or-later
#include "found_servers.hpp"

#include <algorithm>
#include <charconv>
#include <tuple>

#include "udpchat/address_text.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

asio::ip::address unmapped(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::string_view trim_spaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

void add_found_server(std::vector<found_server>& found, const asio::ip::address& source, discovery_answer answer) {
  const asio::ip::address address = unmapped(source);
  const auto same = std::find_if(found.begin(), found.end(),
                                 [&](const found_server& known) { return known.answer.instance == answer.instance; });
  if (same == found.end()) {
    found.push_back({address, std::move(answer)});
  } else if (same->address.is_v6() && address.is_v4()) {
    *same = {address, std::move(answer)};
  }
}

void sort_for_listing(std::vector<found_server>& found) {
  std::sort(found.begin(), found.end(), [](const found_server& a, const found_server& b) {
    return std::tie(a.answer.name, a.answer.kind, a.address, a.answer.port) <
           std::tie(b.answer.name, b.answer.kind, b.address, b.answer.port);
  });
}

std::string describe_found_server(const found_server& server) {
  const discovery_answer& answer = server.answer;
  std::string text = escape_for_terminal(answer.name);
  text += " \u2014 ";
  text += kind_text(answer.kind);
  text += " at " + format_host_port(server.address.to_string(), answer.port) + ", ";
  text += std::to_string(answer.members);
  if (answer.kind == server_kind::desk) {
    text += answer.members == 1 ? " customer" : " customers";
  } else {
    text += answer.members == 1 ? " member" : " members";
  }
  return text;
}

std::string found_server_list(const std::vector<found_server>& found) {
  std::string list;
  for (std::size_t i = 0; i < found.size(); ++i) {
    list += "  " + std::to_string(i + 1) + ") " + describe_found_server(found[i]) + '\n';
  }
  return list;
}

std::string_view sought_text(wanted_kind want, bool desk_only) {
  if (desk_only) return "desk";
  switch (want) {
    case wanted_kind::hub:
      return "hub";
    case wanted_kind::tcp:
      return "room or desk";
    case wanted_kind::any:
      break;
  }
  return "server";
}

discovery_outcome decide_discovery(std::size_t found, bool interactive) {
  if (found == 0) return discovery_outcome::none_found;
  if (found == 1) return discovery_outcome::join;
  return interactive ? discovery_outcome::ask : discovery_outcome::several_found;
}

std::optional<std::size_t> chosen_index(std::string_view typed, std::size_t count) {
  typed = trim_spaces(typed);
  if (!typed.empty() && typed.back() == '\r') typed = trim_spaces(typed.substr(0, typed.size() - 1));
  std::size_t number = 0;
  const auto [end, error] = std::from_chars(typed.data(), typed.data() + typed.size(), number);
  if (typed.empty() || error != std::errc{} || end != typed.data() + typed.size()) return std::nullopt;
  if (number < 1 || number > count) return std::nullopt;
  return number - 1;
}

}  // namespace udpchat
