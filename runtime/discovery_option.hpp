// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A server's --name and --no-discovery, and what --help says of discovery.

#include <cxxopts.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

struct discovery_choice {
  bool answer = true;  // false with --no-discovery
  std::string name;    // valid_server_name
};

// Adds --name and --no-discovery to a server's options.
void add_discovery_options(cxxopts::Options& spec);
// What the options ask for. The name is --name's, or else the host name made valid
// (server_name_from). nullopt after one line on stderr saying what is wrong with --name.
std::optional<discovery_choice> discovery_option(const std::string& program, const cxxopts::ParseResult& options);
// The --help paragraph on discovery (ending in one newline), for a server that is a `place` ("hub", "room", "desk") with
// `noun`s ("member", "customer").
std::string discovery_help(std::string_view place, std::string_view noun);

}  // namespace udpchat
