// SPDX-License-Identifier: GPL-3.0-or-later
#include "child_process.hpp"

#include "deadline.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace udpchat::testing {
namespace {

using clock = std::chrono::steady_clock;

void make_pipe(int fds[2]) {
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
}

}  // namespace

child_process::child_process(const std::string& path, const std::vector<std::string>& arguments) {
  int in[2];
  int out[2];
  int err[2];
  make_pipe(in);
  make_pipe(out);
  make_pipe(err);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const auto& each : arguments) argv.push_back(const_cast<char*>(each.c_str()));
  argv.push_back(nullptr);
  const int spawned = ::posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  stdin_fd_ = in[1];
  stdout_.fd = out[0];
  stderr_.fd = err[0];
  if (spawned != 0) throw std::runtime_error("cannot start " + path);
}

child_process::~child_process() {
  if (!exit_status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  for (int fd : {stdin_fd_, stdout_.fd, stderr_.fd}) {
    if (fd >= 0) ::close(fd);
  }
}

void child_process::write_stdin(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(stdin_fd_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("write to child's stdin failed");
    }
    bytes.remove_prefix(static_cast<std::size_t>(written));
  }
}

void child_process::close_stdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

void child_process::send_signal(int signal_number) { ::kill(pid_, signal_number); }

void child_process::read_into(stream& which) {
  char chunk[65536];
  const ssize_t got = ::read(which.fd, chunk, sizeof chunk);
  if (got <= 0) {
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) return;
    ::close(which.fd);
    which.fd = -1;
    if (!which.partial.empty()) which.lines.push_back(std::move(which.partial));
    which.partial.clear();
    return;
  }
  which.partial.append(chunk, static_cast<std::size_t>(got));
  std::size_t newline;
  while ((newline = which.partial.find('\n')) != std::string::npos) {
    which.lines.push_back(which.partial.substr(0, newline));
    which.partial.erase(0, newline + 1);
  }
}

void child_process::pump(milliseconds timeout) {
  pollfd fds[2] = {{stdout_.fd, POLLIN, 0}, {stderr_.fd, POLLIN, 0}};
  if (stdout_.fd < 0 && stderr_.fd < 0) {
    std::this_thread::sleep_for(std::min(timeout, milliseconds{10}));
    return;
  }
  const int ready = ::poll(fds, 2, static_cast<int>(timeout.count()));
  if (ready <= 0) return;
  if (stdout_.fd >= 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) read_into(stdout_);
  if (stderr_.fd >= 0 && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) read_into(stderr_);
}

std::optional<std::string> child_process::wait_for(stream& which,
                                                   const std::function<bool(const std::string&)>& wanted,
                                                   milliseconds deadline) {
  const auto until = clock::now() + deadline;
  for (;;) {
    while (which.searched < which.lines.size()) {
      const std::string& line = which.lines[which.searched++];
      if (wanted(line)) return line;
    }
    if (which.fd < 0 || clock::now() >= until) return std::nullopt;
    pump(left_until(until));
  }
}

std::optional<std::string> child_process::wait_for_stdout(
    const std::function<bool(const std::string&)>& wanted, milliseconds deadline) {
  return wait_for(stdout_, wanted, deadline);
}

std::optional<std::string> child_process::wait_for_stderr(
    const std::function<bool(const std::string&)>& wanted, milliseconds deadline) {
  return wait_for(stderr_, wanted, deadline);
}

void child_process::drain(milliseconds deadline) {
  const auto until = clock::now() + deadline;
  while ((stdout_.fd >= 0 || stderr_.fd >= 0) && clock::now() < until) pump(left_until(until));
}

std::optional<int> child_process::wait_exit(milliseconds deadline, bool read_output) {
  const auto until = clock::now() + deadline;
  while (!exit_status_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (clock::now() >= until) return std::nullopt;
    // Keep the pipes flowing so a chatty child cannot block on a full pipe while exiting.
    if (read_output) {
      pump(std::min(left_until(until), milliseconds{10}));
    } else {
      std::this_thread::sleep_for(std::min(left_until(until), milliseconds{10}));
    }
  }
  // What it wrote just before exiting may still be in the pipes: a caller that reads its output
  // next must see all of it. The pipes close with the child, unless it left a child of its own.
  if (read_output) drain(milliseconds{2000});
  return exit_status_;
}

std::string child_process::all_stdout() const {
  std::string all;
  for (const auto& line : stdout_.lines) all += line + '\n';
  return all + stdout_.partial;
}

std::string child_process::all_stderr() const {
  std::string all;
  for (const auto& line : stderr_.lines) all += line + '\n';
  return all + stderr_.partial;
}

std::optional<unsigned short> port_from_listening_line(const std::string& line) {
  const auto at = line.find("listening on ");
  const auto colon = line.rfind(':');
  if (at == std::string::npos || colon == std::string::npos) return std::nullopt;
  return static_cast<unsigned short>(std::stoul(line.substr(colon + 1)));
}

std::string bin_path(const std::string& program) { return std::string{UDPCHAT_BIN_DIR} + "/" + program; }

}  // namespace udpchat::testing
