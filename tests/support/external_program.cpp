// SPDX-License-Identifier: GPL-3.0-or-later
#include "external_program.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "child_process.hpp"

namespace udpchat::testing {

std::optional<std::string> program_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string_view directories = path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!directories.empty()) {
    const std::size_t colon = directories.find(':');
    const std::string candidate = std::string{directories.substr(0, colon)} + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    directories.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

program_output run_program(const std::string& path, const std::vector<std::string>& arguments,
                           std::string_view stdin_bytes, std::chrono::milliseconds deadline) {
  child_process process{path, arguments};
  process.write_stdin(stdin_bytes);
  process.close_stdin();
  program_output output;
  output.exit_status = process.wait_exit(deadline);
  process.drain(std::chrono::milliseconds{1000});
  output.stdout_lines = process.stdout_lines();
  output.stderr_text = process.all_stderr();
  return output;
}

std::string temporary_path(const std::string& name) {
  return ::testing::TempDir() + "udpchat-" + std::to_string(::getpid()) + "-" + name;
}

}  // namespace udpchat::testing
