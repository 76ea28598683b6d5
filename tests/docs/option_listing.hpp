// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat::testing {

// One option as a reader sees it listed, in --help or in a man page.
struct listed_option {
  std::string name;                          // "port"
  std::string tag;                           // "-p, --port PORT"
  std::optional<std::string> default_value;  // "8000"; none when no default is shown
  bool pending = false;                      // man page only: marked as not in the program yet
};

// What `program --help` lists (cxxopts' layout): the options between the usage and the first
// blank line after them, with "(default: X)" from their descriptions; and the commands of a
// block headed "... commands (type on standard input):", one a line indented by two spaces
// ("<text>" counts as "text").
std::vector<listed_option> options_in_help(std::string_view help);
std::vector<std::string> commands_in_help(std::string_view help);

// What a man page written in roff lists. Under OPTIONS each ".TP" entry is one option: the tag
// line names it ("\fB\-p\fR, \fB\-\-port\fR \fIPORT\fR"), and "Default: X." in its text gives
// its default. A comment line ".\" pending: --name" marks --name as written before the program
// has it. Under COMMANDS each ".TP" tag begins with a command.
struct man_page {
  std::vector<std::string> sections;  // the .SH headings, in order
  std::vector<listed_option> options;
  std::vector<std::string> commands;
  std::vector<std::string> pending;   // the names marked pending, marked entry or not
};
man_page parse_man_page(std::string_view roff);

// A roff line as it reads: font changes and the escapes these pages use resolved, the name of a
// font macro (.B, .BR, ...) dropped with the quotes and, for the alternating ones, the spaces
// between its arguments.
std::string plain_text(std::string_view roff_line);

}  // namespace udpchat::testing
