// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cxxopts.hpp>
#include <optional>
#include <string>

#include "tls_client.hpp"

namespace udpchat {

// --tls, --tls-ca and --tls-fingerprint.
void add_tls_client_options(cxxopts::Options& spec);

// What the command line asks for: no TLS (settings empty), TLS verified as it says, or an exit
// status after one line on stderr saying why not (2 for options that do not go together or a
// malformed fingerprint, 1 for a build without TLS).
struct tls_choice {
  std::optional<tls_client_settings> settings;
  std::optional<int> exit_code;
};
tls_choice tls_client_option(const std::string& program, const cxxopts::ParseResult& options);

}  // namespace udpchat
