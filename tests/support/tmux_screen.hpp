// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace udpchat::testing {

// A program under test in a tmux window of its own, read the way a person sees it: the screen
// as the terminal drew it from the program's escape sequences, one string per row. Each screen
// has its own tmux server, which the destructor kills along with the program. Throws
// std::runtime_error when tmux cannot start it.
class tmux_screen {
 public:
  using rows = std::vector<std::string>;

  // The window is `columns` wide and 40 rows high.
  tmux_screen(const std::string& path, const std::vector<std::string>& arguments,
              std::size_t columns = 200);
  ~tmux_screen();
  tmux_screen(const tmux_screen&) = delete;
  tmux_screen& operator=(const tmux_screen&) = delete;

  // Types `text` as it is, with no key names interpreted.
  void type(std::string_view text);
  // Makes the window `columns` wide, as a person dragging its edge would; the program is told by
  // SIGWINCH.
  void resize(std::size_t columns);
  // Presses one key by tmux's name for it: "Enter", "C-s".
  void press(const std::string& key);
  // Closes the window the way a person closing a terminal does: the program gets SIGHUP and
  // its terminal goes away.
  void kill_session();
  // The rows from the top down to the last one with anything on it, each without trailing
  // blanks.
  rows capture() const;
  // The screen once `done` holds for it, within the deadline; nullopt otherwise (the last
  // screen read is then in last_capture()).
  std::optional<rows> wait_until(const std::function<bool(const rows&)>& done,
                                 std::chrono::milliseconds deadline = std::chrono::milliseconds{5000});
  const rows& last_capture() const { return last_; }

 private:
  std::vector<std::string> tmux_arguments(std::vector<std::string> command) const;

  std::string socket_;
  rows last_;
};

// Whether tmux can be run here.
bool tmux_available();

// The rows as one text, for failure messages.
std::string screen_text(const tmux_screen::rows& screen);

}  // namespace udpchat::testing
