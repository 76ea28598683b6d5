// SPDX-License-Identifier: GPL-3.0-or-later
#include "agent_options.hpp"

#include <cstdlib>
#include <iostream>

#include "desk_key_file.hpp"
#include "udpchat/member_name.hpp"

namespace udpchat {

void add_agent_options(cxxopts::Options& spec) {
  spec.add_options()
    ("agent", "with --tcp: log in to a udpchat-desk as a remote agent (see below)")
    ("agent-key-file", "the desk's agent key: the first line of FILE, which only its owner may read",
     cxxopts::value<std::string>(), "FILE");
}

const std::string_view agent_help =
    "\n"
    "Agent mode: udpchat --tcp --agent --agent-key-file FILE [--name NAME] --host DESK --port PORT\n"
    "logs in to a udpchat-desk with the key it was started with (--agent-key-file there too), as\n"
    "NAME (default: your login name). Each line typed is then an agent command, as at the desk's\n"
    "console (/next, /take N, /to N text, /who, /agents, /transfer N AGENT, /close, /help), and\n"
    "the desk's news and your customers' lines are shown as its console shows them. A wrong key\n"
    "gets the desk's one error line, and the desk closes. quit leaves the desk; your customers\n"
    "wait in the queue again.\n";

std::optional<agent_settings> agent_option(const char* program, const cxxopts::ParseResult& options,
                                           const std::string& name) {
  const bool agent = options.count("agent") != 0U;
  const bool key_file = options.count("agent-key-file") != 0U;
  if (!agent && !key_file) return agent_settings{};
  if (!agent) {
    std::cerr << program << ": --agent-key-file is for --agent\n";
    return std::nullopt;
  }
  if (options.count("tcp") == 0U) {
    std::cerr << program << ": --agent needs --tcp (a desk is a TCP server)\n";
    return std::nullopt;
  }
  if (!key_file) {
    std::cerr << program << ": --agent needs --agent-key-file FILE, with the desk's key\n";
    return std::nullopt;
  }
  agent_settings settings{true, name, {}};
  if (settings.name.empty()) {
    for (const char* variable : {"USER", "LOGNAME"}) {
      const char* value = std::getenv(variable);
      if (value != nullptr && is_valid_name(value)) {
        settings.name = value;
        break;
      }
    }
  }
  if (settings.name.empty()) {
    std::cerr << program << ": --agent needs --name NAME (the login name is not one: " << name_rule() << ")\n";
    return std::nullopt;
  }
  const agent_key key = read_agent_key_file(options["agent-key-file"].as<std::string>());
  if (!key.error.empty()) {
    std::cerr << program << ": --agent-key-file: " << key.error << '\n';
    return std::nullopt;
  }
  settings.secret = key.secret;
  return settings;
}

}  // namespace udpchat
