// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cxxopts.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace udpchat {

// The options every udpchat program takes, parsed with its own. On --help or --version the
// text is printed and exit_code is 0; on a bad command line a one-line reason goes to stderr
// and exit_code is 2. The program runs only when exit_code is empty.
struct parsed_command_line {
  cxxopts::ParseResult options;
  std::optional<int> exit_code;
};

struct common_option_text {
  std::string host_help;
  std::string default_host;  // empty: --host has no default, and options.count("host") says if given
  std::string port_help;
  std::uint16_t default_port;
};
void add_common_options(cxxopts::Options& spec, const common_option_text& text);
// help_epilogue follows the option list in --help: console commands, examples, wire format.
// Every program calls this first: it also puts /dev/null on a closed descriptor 0, 1 or 2
// (see open_missing_standard_descriptors), before the program opens anything of its own.
parsed_command_line parse_command_line(cxxopts::Options& spec, int argc, char** argv,
                                       std::string_view help_epilogue);

// `text` as lines of at most `width` columns, broken at spaces, each ending in '\n': for help
// paragraphs built from parts.
std::string wrap_help(std::string_view text, std::size_t width = 90);

// --port as a number 0..65535; nullopt (after saying why on stderr) otherwise.
std::optional<std::uint16_t> port_option(const std::string& program,
                                         const cxxopts::ParseResult& options);

// A duration option (--name 10m, 30s, 500ms, or 0 for off); nullopt after saying why.
std::optional<std::chrono::milliseconds> duration_option(const std::string& program,
                                                         const cxxopts::ParseResult& options,
                                                         const std::string& name);

// A whole-number option within the range of T; nullopt after saying why (not a number, or
// too large, with the largest T holds).
template <typename T>
std::optional<T> number_option(const std::string& program, const cxxopts::ParseResult& options,
                               const std::string& name);
extern template std::optional<std::uint32_t> number_option(const std::string&, const cxxopts::ParseResult&,
                                                           const std::string&);
extern template std::optional<std::uint64_t> number_option(const std::string&, const cxxopts::ParseResult&,
                                                           const std::string&);

}  // namespace udpchat
