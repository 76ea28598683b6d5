// SPDX-License-Identifier: GPL-3.0-or-later
#include "tmux_screen.hpp"

#include <stdexcept>
#include <thread>

#include "external_program.hpp"

namespace udpchat::testing {
namespace {

using clock = std::chrono::steady_clock;

std::string tmux_path() { return program_on_path("tmux").value_or("tmux"); }

std::string without_trailing_blanks(std::string row) {
  row.erase(row.find_last_not_of(' ') + 1);
  return row;
}

}  // namespace

bool tmux_available() { return program_on_path("tmux").has_value(); }

std::string screen_text(const tmux_screen::rows& screen) {
  std::string text;
  for (const auto& row : screen) text.append("|").append(row).append("\n");
  return text;
}

tmux_screen::tmux_screen(const std::string& path, const std::vector<std::string>& arguments,
                         std::size_t columns)
    : socket_{temporary_path("tmux-" + std::to_string(clock::now().time_since_epoch().count()))} {
  // -f /dev/null: the screen is tmux's defaults, whatever the person running the tests likes.
  std::vector<std::string> command{"-f", "/dev/null", "new-session", "-d", "-x", std::to_string(columns),
                                   "-y", "40", path};
  command.insert(command.end(), arguments.begin(), arguments.end());
  const auto started = run_program(tmux_path(), tmux_arguments(std::move(command)));
  if (started.exit_status != 0) throw std::runtime_error("tmux did not start: " + started.stderr_text);
}

tmux_screen::~tmux_screen() { run_program(tmux_path(), tmux_arguments({"kill-server"})); }

std::vector<std::string> tmux_screen::tmux_arguments(std::vector<std::string> command) const {
  command.insert(command.begin(), {"-S", socket_});
  return command;
}

void tmux_screen::type(std::string_view text) {
  run_program(tmux_path(), tmux_arguments({"send-keys", "-l", std::string{text}}));
}

void tmux_screen::resize(std::size_t columns) {
  run_program(tmux_path(), tmux_arguments({"resize-window", "-x", std::to_string(columns)}));
}

void tmux_screen::press(const std::string& key) {
  run_program(tmux_path(), tmux_arguments({"send-keys", key}));
}

void tmux_screen::kill_session() { run_program(tmux_path(), tmux_arguments({"kill-session"})); }

tmux_screen::rows tmux_screen::capture() const {
  auto captured = run_program(tmux_path(), tmux_arguments({"capture-pane", "-p"}));
  rows screen;
  for (auto& row : captured.stdout_lines) screen.push_back(without_trailing_blanks(std::move(row)));
  while (!screen.empty() && screen.back().empty()) screen.pop_back();
  return screen;
}

std::optional<tmux_screen::rows> tmux_screen::wait_until(const std::function<bool(const rows&)>& done,
                                                         std::chrono::milliseconds deadline) {
  const auto until = clock::now() + deadline;
  for (;;) {
    last_ = capture();
    if (done(last_)) return last_;
    if (clock::now() >= until) return std::nullopt;
    // tmux tells nobody when a pane changes; reading it again at once would only spin.
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
}

}  // namespace udpchat::testing
