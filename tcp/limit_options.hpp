// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cxxopts.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "connection_limits.hpp"
#include "flow_limits.hpp"

namespace udpchat {

struct line_server_limits {
  connection_limits connections;
  flow_limits flow;
};

// --max-connections, --idle-timeout, --line-timeout, --rate-limit, --burst and --max-queue,
// described for a `place` ("room", "desk") whose peers are `noun`s ("member", "customer").
void add_limit_options(cxxopts::Options& spec, std::string_view place, std::string_view noun);

// The limits paragraph of a line server's --help, the same for the room and the desk.
std::string line_limits_help(std::string_view place, std::string_view noun);

// The limits the command line asks for; nullopt after saying on stderr what is wrong.
std::optional<line_server_limits> limits_option(const std::string& program, const cxxopts::ParseResult& options);

}  // namespace udpchat
