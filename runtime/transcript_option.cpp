// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcript_option.hpp"

#include <iostream>
#include <system_error>

namespace udpchat {

transcript_option_value transcript_option(std::string_view program, const cxxopts::ParseResult& options) {
  transcript_option_value value;
  if (options.count("transcript") == 0U) return value;
  value.path = options["transcript"].as<std::string>();
  try {
    value.file = std::make_unique<append_file>(value.path);
  } catch (const std::system_error& error) {
    std::cerr << program << ": cannot write the transcript to " << value.path << ": " << error.code().message()
              << '\n';
    value.exit_status = 1;
  }
  return value;
}

}  // namespace udpchat
