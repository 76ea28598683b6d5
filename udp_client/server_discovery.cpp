// SPDX-License-Identifier: GPL-3.0-or-later
#include "server_discovery.hpp"

#include <iostream>
#include <string>

#include "network_interfaces.hpp"
#include "probe_targets.hpp"
#include "server_finder.hpp"
#include "udpchat/terminal_safe.hpp"

namespace udpchat {
namespace {

std::string several(std::size_t count, const discovery_request& request) {
  std::string what;
  if (request.desk_only) {
    what = "desks";
  } else if (request.want == wanted_kind::tcp) {
    what = "rooms and desks";
  } else {
    what = "hubs";
  }
  return std::to_string(count) + " " + what;
}

// The number the person types, asked again until it is one of the `count`; nullopt at the end
// of input.
std::optional<std::size_t> ask_which(std::size_t count) {
  const std::string range = "a number from 1 to " + std::to_string(count);
  std::cerr << "Join which one? Type " << range << ": " << std::flush;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (const auto index = chosen_index(line, count)) return index;
    std::cerr << "'" << escape_for_terminal(line) << "' is not one of them; type " << range << ": " << std::flush;
  }
  std::cerr << '\n';
  return std::nullopt;
}

}  // namespace

discovery_result discover_server(std::string_view program, asio::io_context& io, const discovery_request& request,
                                 const event_printer& printer, traffic_trace* trace) {
  std::vector<found_server> found;
  server_finder finder{io, request.want, trace};
  finder.start(probe_targets(up_interface_addresses()), [&](std::vector<found_server> answered) {
    found = std::move(answered);
  });
  io.run();
  io.restart();

  if (request.desk_only) {
    std::erase_if(found, [](const found_server& server) { return server.answer.kind != server_kind::desk; });
  }
  sort_for_listing(found);
  for (const found_server& server : found) {
    if (const std::string event = printer.for_found(server); !event.empty()) std::cout << event << '\n';
  }
  std::cout << std::flush;

  const std::string_view sought = sought_text(request.want, request.desk_only);
  switch (decide_discovery(found.size(), request.interactive)) {
    case discovery_outcome::none_found:
      std::cerr << program << ": no " << sought << " answered on this network within "
                << server_finder::listen_for.count() / 1000 << " s; give its address with --host ADDRESS"
                << " (one started with --no-discovery, or on the far side of a router, does not answer)\n";
      return {std::nullopt, 1};
    case discovery_outcome::several_found:
      std::cerr << program << ": " << several(found.size(), request)
                << " answered, and with no terminal to ask which, none was joined; choose one with --host "
                   "ADDRESS --port PORT:\n"
                << found_server_list(found);
      return {std::nullopt, 1};
    case discovery_outcome::join:
      std::cerr << program << ": found " << describe_found_server(found.front()) << '\n';
      return {found.front(), 0};
    case discovery_outcome::ask:
      break;
  }
  std::cerr << program << ": " << several(found.size(), request) << " answered:\n" << found_server_list(found);
  const auto index = ask_which(found.size());
  if (!index) {
    std::cerr << program << ": none chosen\n";
    return {std::nullopt, 1};
  }
  return {found[*index], 0};
}

}  // namespace udpchat
