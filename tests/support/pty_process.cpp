// SPDX-License-Identifier: GPL-3.0-or-later
#include "pty_process.hpp"

#include "deadline.hpp"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <stdexcept>

namespace udpchat::testing {
namespace {

using clock = std::chrono::steady_clock;

}  // namespace

pty_process::pty_process(const std::string& path, const std::vector<std::string>& arguments) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const auto& each : arguments) argv.push_back(const_cast<char*>(each.c_str()));
  argv.push_back(nullptr);
  winsize size{};
  size.ws_row = 24;
  size.ws_col = 200;
  pid_ = ::forkpty(&master_fd_, nullptr, nullptr, &size);
  if (pid_ < 0) throw std::runtime_error("forkpty failed");
  if (pid_ == 0) {
    ::setenv("TERM", "xterm", 1);
    ::execv(path.c_str(), argv.data());
    ::_exit(127);
  }
}

pty_process::~pty_process() {
  if (!exit_status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ::close(master_fd_);
}

void pty_process::type(std::string_view keys) {
  while (!keys.empty()) {
    const ssize_t written = ::write(master_fd_, keys.data(), keys.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("write to the pseudo-terminal failed");
    }
    keys.remove_prefix(static_cast<std::size_t>(written));
  }
}

void pty_process::pump(std::chrono::milliseconds timeout) {
  pollfd ready{master_fd_, POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return;
  char chunk[4096];
  const ssize_t got = ::read(master_fd_, chunk, sizeof chunk);
  if (got > 0) output_.append(chunk, static_cast<std::size_t>(got));
}

std::optional<std::size_t> pty_process::wait_for(std::string_view text, std::size_t from,
                                                 std::chrono::milliseconds deadline) {
  const auto until = clock::now() + deadline;
  for (;;) {
    const auto at = output_.find(text, from);
    if (at != std::string::npos) return at + text.size();
    if (clock::now() >= until) return std::nullopt;
    pump(left_until(until));
  }
}

std::optional<int> pty_process::wait_exit(std::chrono::milliseconds deadline) {
  const auto until = clock::now() + deadline;
  while (!exit_status_) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (clock::now() >= until) return std::nullopt;
    pump(std::min(left_until(until), std::chrono::milliseconds{10}));
  }
  return exit_status_;
}

}  // namespace udpchat::testing
