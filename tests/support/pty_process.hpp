// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat::testing {

// A program under test on a pseudo-terminal, as a person would run it: what it writes is
// collected raw, escape sequences and all. The destructor kills it if it is still running.
class pty_process {
 public:
  pty_process(const std::string& path, const std::vector<std::string>& arguments);
  ~pty_process();
  pty_process(const pty_process&) = delete;
  pty_process& operator=(const pty_process&) = delete;

  void type(std::string_view keys);
  // Reads until everything written so far contains `text` after position `from`; returns the
  // position just past it, or nullopt when the deadline passes first.
  std::optional<std::size_t> wait_for(std::string_view text, std::size_t from = 0,
                                      std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  std::optional<int> wait_exit(std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  const std::string& output() const { return output_; }

 private:
  void pump(std::chrono::milliseconds timeout);

  pid_t pid_ = -1;
  int master_fd_ = -1;
  std::string output_;
  std::optional<int> exit_status_;
};

}  // namespace udpchat::testing
