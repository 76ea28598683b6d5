// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// udpchat-desk's own options: the agents' key, the queue's news, canned replies and transcripts.

#include <cxxopts.hpp>
#include <optional>
#include <string>

#include "help_desk.hpp"

namespace udpchat {

void add_desk_options(cxxopts::Options& spec);
// Those options in the usage line.
extern const std::string desk_usage;

// Reads what the options name (the key file, the canned replies) and checks the transcript
// directory, into `settings`; nullopt to go on, or the exit status after saying why on stderr
// (2: an option or a file that cannot be used).
std::optional<int> read_desk_options(const char* program, const cxxopts::ParseResult& options,
                                     help_desk::options& settings);

}  // namespace udpchat
