// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cxxopts.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "connection_security.hpp"

namespace udpchat {

// --tls-cert, --tls-key and --plain-port, for a server whose peers are `noun`s.
void add_tls_options(cxxopts::Options& spec, std::string_view noun);

// The TLS paragraph of a line server's --help.
std::string tls_help(std::string_view noun);

// What the command line asks for, with the certificate and key loaded and checked; nullopt
// after saying on stderr, in one line, what is wrong (the exit status is then 2).
std::optional<connection_security> security_option(const std::string& program, const cxxopts::ParseResult& options);

}  // namespace udpchat
