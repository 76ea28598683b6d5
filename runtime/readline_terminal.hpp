// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <sys/types.h>

#include <asio/posix/stream_descriptor.hpp>
#include <asio/signal_set.hpp>
#include <cstdio>
#include <optional>

#include "nonblocking_output.hpp"
#include "terminal.hpp"

namespace udpchat {

// Interactive terminal on GNU readline (line editing, history), driven by readline's callback
// interface from the io_context's thread, so input and the network share one thread. An incoming
// line clears the line being typed, prints, and redraws the prompt and the typed text.
// Readiness is watched on a descriptor of our own for the terminal, so the non-blocking mode
// asio sets never reaches the terminal's shared description.
//
// With slow_output::wait, shown lines and readline's drawing go to stdout with blocking writes:
// a terminal that stops being read (Ctrl-S, a stalled ssh session) holds the program up. With
// slow_output::drop both go to a queue written without waiting (readline is given a stdio
// stream that feeds it); past a bound whole shown lines are left out, and once the terminal
// reads again a line says how many, and the prompt is drawn afresh.
//
// Job control: on SIGTSTP (Ctrl-Z) the terminal is given back as it was found before the
// program stops itself; on SIGCONT (`fg`, or `kill -CONT` after `kill -STOP`), once the program
// is in the foreground again, the terminal is prepared for line editing afresh and the prompt
// and the half-typed line are drawn again. readline's own signal handling stays off: its
// handlers would run outside the io_context's thread.
class readline_terminal final : public terminal {
 public:
  readline_terminal(asio::io_context& io, std::size_t max_line_bytes, const char* prompt,
                    slow_output when_slow);
  ~readline_terminal() override;
  readline_terminal(const readline_terminal&) = delete;
  readline_terminal& operator=(const readline_terminal&) = delete;

  void start(handlers callbacks) override;
  void show(std::string_view line) override;
  void stop() override;
  void pause_input() override;
  void resume_input() override;
  std::size_t unwritten_bytes() const override;

 private:
  static void on_readline_line(char* line);
  static ssize_t write_to_queue(void* self, const char* bytes, std::size_t size);
  void do_wait();
  void print(std::string_view line);
  void put_line(std::string_view line);
  void after_write();
  void output_closed();
  void do_wait_job_signal();
  void suspend();
  void resumed();

  asio::posix::stream_descriptor input_;
  asio::signal_set job_signals_;
  std::size_t max_line_bytes_;
  const char* prompt_;
  handlers handlers_;
  std::optional<nonblocking_output> queue_;  // with slow_output::drop
  std::FILE* out_ = stdout;                  // where readline and show() write
  std::size_t dropped_lines_ = 0;
  bool drawing_lost_ = false;  // some of readline's drawing was left out: the screen is stale
  bool running_ = false;
  bool paused_ = false;
  bool waiting_ = false;
  bool in_line_handler_ = false;  // the handlers of an accepted line are running
};

}  // namespace udpchat
