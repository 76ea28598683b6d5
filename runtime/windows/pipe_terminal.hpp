// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <windows.h>

#include <optional>
#include <string>

#include "output_queue.hpp"
#include "terminal.hpp"
#include "udpchat/line_framer.hpp"
#include "windows/blocking_reads.hpp"

namespace udpchat::windows {

// What one read of standard input gave: bytes (UTF-8), or the end of input.
struct input_chunk {
  std::string bytes;
  bool ended = false;
};

// For pipes, files and NUL, as plain_terminal is on POSIX systems: lines from stdin, and every
// shown line handed to stdout at once, so whoever reads it sees each line as it comes. Standard
// input that is a console (with stdout redirected) is read a line at a time as the console
// edits it, in UTF-16, and Ctrl-Z then Enter ends it. Standard output that is a console gets
// each line wrapped to its width and written in UTF-16.
class pipe_terminal final : public terminal {
 public:
  pipe_terminal(asio::io_context& io, std::size_t max_line_bytes, slow_output when_slow);
  ~pipe_terminal() override;
  pipe_terminal(const pipe_terminal&) = delete;
  pipe_terminal& operator=(const pipe_terminal&) = delete;

  void start(handlers callbacks) override;
  void show(std::string_view line) override;
  void stop() override;
  void pause_input() override;
  void resume_input() override;
  std::size_t unwritten_bytes() const override;

 private:
  void do_read();
  void take(input_chunk chunk);
  void output_closed();

  asio::io_context& io_;
  HANDLE output_;
  bool output_is_console_;
  line_framer framer_;
  handlers handlers_;
  std::optional<blocking_reads<input_chunk>> input_;
  std::optional<output_queue> output_queue_;  // when slow_output::drop
  std::string carry_;  // a UTF-8 sequence cut between two blocking writes
  bool output_closed_ = false;
  bool stopped_ = false;
  bool paused_ = false;
  bool reading_ = false;
};

}  // namespace udpchat::windows
