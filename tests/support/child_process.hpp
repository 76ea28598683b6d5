// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat::testing {

using std::chrono::milliseconds;
inline constexpr milliseconds default_deadline{5000};

// A program under test, started with its stdin, stdout and stderr on pipes. Every wait has a
// deadline; the destructor kills the program if it is still running.
class child_process {
 public:
  child_process(const std::string& path, const std::vector<std::string>& arguments);
  ~child_process();
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  void write_stdin(std::string_view bytes);
  void close_stdin();
  void send_signal(int signal_number);

  // The first stdout line (without its newline) that satisfies `wanted`, read within the
  // deadline; lines before it are kept in stdout_lines(). nullopt when none arrives in time.
  std::optional<std::string> wait_for_stdout(const std::function<bool(const std::string&)>& wanted,
                                             milliseconds deadline = default_deadline);
  std::optional<std::string> wait_for_stderr(const std::function<bool(const std::string&)>& wanted,
                                             milliseconds deadline = default_deadline);
  // Reads stdout and stderr until both are closed (or the deadline passes).
  void drain(milliseconds deadline = default_deadline);
  // The exit status once the program has exited within the deadline. While waiting, and then to
  // the end, its output is read, unless `read_output` is false (to show it does not wait for a
  // reader).
  std::optional<int> wait_exit(milliseconds deadline = default_deadline, bool read_output = true);

  const std::vector<std::string>& stdout_lines() const { return stdout_.lines; }
  std::string all_stdout() const;
  std::string all_stderr() const;
  pid_t pid() const { return pid_; }

 private:
  struct stream {
    int fd = -1;
    std::string partial;
    std::vector<std::string> lines;
    std::size_t searched = 0;  // lines already offered to a wait_for
  };
  std::optional<std::string> wait_for(stream& which, const std::function<bool(const std::string&)>& wanted,
                                      milliseconds deadline);
  // Reads whatever is ready on stdout and stderr, waiting at most `timeout`.
  void pump(milliseconds timeout);
  static void read_into(stream& which);

  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  stream stdout_;
  stream stderr_;
  std::optional<int> exit_status_;
};

// "listening on 127.0.0.1:40123" -> 40123
std::optional<unsigned short> port_from_listening_line(const std::string& line);

std::string bin_path(const std::string& program);

}  // namespace udpchat::testing
