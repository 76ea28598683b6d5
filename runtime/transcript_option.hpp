// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cxxopts.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "append_file.hpp"

namespace udpchat {

// --transcript FILE of the hub and the room, opened before the server listens, so that a path
// it cannot write ends it at once rather than after the first message.
struct transcript_option_value {
  std::string path;                   // empty without --transcript
  std::unique_ptr<append_file> file;  // null without --transcript, or when it cannot be opened
  int exit_status = 0;                // 1 when it cannot be opened, after a line on stderr
};
transcript_option_value transcript_option(std::string_view program, const cxxopts::ParseResult& options);

}  // namespace udpchat
