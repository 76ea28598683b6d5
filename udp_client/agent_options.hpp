// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cxxopts.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace udpchat {

// The terminal's agent mode (udpchat --tcp --agent --agent-key-file FILE [--name NAME]).
void add_agent_options(cxxopts::Options& spec);
// For the end of --help.
extern const std::string_view agent_help;

struct agent_settings {
  bool wanted = false;  // --agent given
  std::string name;
  std::string secret;
};
// What --agent and --agent-key-file ask for. `name` is --name's, checked already, or empty:
// then the login name ($USER, $LOGNAME) if it is a valid name. nullopt after saying why on
// stderr: --agent without --tcp or without a key file, a key file without --agent, a key file
// refused (tcp/desk_key_file.hpp), or no name.
std::optional<agent_settings> agent_option(const char* program, const cxxopts::ParseResult& options,
                                           const std::string& name);

}  // namespace udpchat
