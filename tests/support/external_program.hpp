// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat::testing {

// Where `name` is found on PATH, if anywhere: for tools a test may use when they are installed
// (od, text2pcap, tshark).
std::optional<std::string> program_on_path(const std::string& name);

// What a run of a program printed, once it has exited.
struct program_output {
  std::optional<int> exit_status;  // nullopt when it ran past the deadline
  std::vector<std::string> stdout_lines;
  std::string stderr_text;
};
program_output run_program(const std::string& path, const std::vector<std::string>& arguments,
                           std::string_view stdin_bytes = {},
                           std::chrono::milliseconds deadline = std::chrono::milliseconds{30000});

// A file name for a test to write, unique to this process, in the test's temporary directory.
std::string temporary_path(const std::string& name);

}  // namespace udpchat::testing
