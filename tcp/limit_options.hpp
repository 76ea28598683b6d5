#pragma once

#include <cxxopts.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "connection_limits.hpp"

namespace udpchat {

// --max-connections, --idle-timeout and --line-timeout, described for a `place` ("room",
// "desk") whose peers are `noun`s ("member", "customer").
void add_limit_options(cxxopts::Options& spec, std::string_view place, std::string_view noun);

// The limits the command line asks for; nullopt after saying on stderr what is wrong.
std::optional<connection_limits> limits_option(const std::string& program,
                                               const cxxopts::ParseResult& options);

}  // namespace udpchat
