// SPDX-License-Identifier: GPL-3.0-or-later
#include "readline_terminal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <csignal>

// readline's header needs stdio declared first.
#include <cstdio>
#include <cstdlib>
#include <readline/history.h>
#include <readline/readline.h>

#include "output_queue.hpp"
#include "own_descriptor.hpp"
#include "screen_width.hpp"

namespace udpchat {
namespace {

// readline calls back a plain function, so the one running terminal is found through this.
// Only the io_context's thread touches it.
readline_terminal* active_terminal = nullptr;

// A stopped terminal may fall this far behind before shown lines are left out: a few screens,
// since nobody scrolls back through more after pressing Ctrl-Q, and the sooner the count of
// lost lines is shown the better; but at least one longest line (a help desk shows a
// customer's 64 KiB line whole) with room to spare for a server's backpressure to act.
constexpr std::size_t max_queued_output = 256 * 1024;
// readline's own drawing (the prompt, the echo, a redisplay after a shown line) is kept up to
// this far past the bound, so a shown line is not left half drawn.
constexpr std::size_t drawing_allowance = 16 * 1024;
// How long the last lines may take to reach a slow terminal when the program stops.
constexpr std::chrono::milliseconds finish_grace{500};

// asio installs its signal handlers without SA_RESTART. These two signals come while the
// program runs on (unlike the ones that end it), so a blocking write to a stalled terminal
// that they interrupt must carry on, not fail with EINTR.
void restart_calls_after(int signal_number) {
  struct sigaction installed{};
  if (::sigaction(signal_number, nullptr, &installed) != 0) return;
  installed.sa_flags |= SA_RESTART;
  ::sigaction(signal_number, &installed, nullptr);
}

}  // namespace

readline_terminal::readline_terminal(asio::io_context& io, std::size_t max_line_bytes,
                                     const char* prompt, slow_output when_slow)
    : input_{io}, job_signals_{io}, max_line_bytes_{max_line_bytes}, prompt_{prompt} {
  if (when_slow == slow_output::wait) return;
  queue_.emplace(io, standard_stream::output, [this] { after_write(); }, [this] { output_closed(); });
  // glibc's custom stream: everything readline draws, through the same queue as shown lines,
  // in order. Unbuffered, so nothing waits in stdio for a flush readline might not do.
  const cookie_io_functions_t to_queue{nullptr, &readline_terminal::write_to_queue, nullptr, nullptr};
  std::FILE* stream = ::fopencookie(this, "w", to_queue);
  if (stream == nullptr) {
    queue_.reset();  // cannot happen short of memory; blocking output is still output
    return;
  }
  std::setvbuf(stream, nullptr, _IONBF, 0);
  out_ = stream;
}

readline_terminal::~readline_terminal() {
  stop();
  if (out_ != stdout) {
    rl_outstream = nullptr;
    std::fclose(out_);
  }
}

ssize_t readline_terminal::write_to_queue(void* self, const char* bytes, std::size_t size) {
  auto& terminal = *static_cast<readline_terminal*>(self);
  if (terminal.queue_->unwritten_bytes() + size <= max_queued_output + drawing_allowance) {
    terminal.queue_->write({bytes, size});
  } else {
    terminal.drawing_lost_ = true;
  }
  // Always all of it: a short count would make stdio mark the stream as failed.
  return static_cast<ssize_t>(size);
}

void readline_terminal::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  // asio's signal_sets handle the signals that end the program and job control (see above);
  // readline must not install its own.
  rl_catch_signals = 0;
  rl_outstream = out_;
  active_terminal = this;
  running_ = true;
  input_.assign(own_descriptor(STDIN_FILENO, O_RDONLY));
  rl_callback_handler_install(prompt_, &readline_terminal::on_readline_line);
  // readline rings the audible bell on stderr with a blocking write, past rl_outstream.
  if (queue_) rl_variable_bind("bell-style", "none");
  do_wait();
  job_signals_.add(SIGTSTP);
  job_signals_.add(SIGCONT);
  restart_calls_after(SIGTSTP);
  restart_calls_after(SIGCONT);
  do_wait_job_signal();
}

void readline_terminal::do_wait_job_signal() {
  job_signals_.async_wait([this](asio::error_code error, int signal_number) {
    if (error || !running_) return;
    if (signal_number == SIGTSTP) {
      suspend();
    } else {
      resumed();
    }
    if (running_) do_wait_job_signal();
  });
}

void readline_terminal::suspend() {
  // The shell gets its terminal back in the mode it left it in; the typed text stays in
  // readline's buffer.
  rl_echo_signal_char(SIGTSTP);
  rl_cleanup_after_signal();
  std::fflush(out_);
  // Stop the way Ctrl-Z stops any program, so the shell reports it as such: with SIGTSTP's
  // default action, for the moment it takes, and no handler of ours in the way. raise()
  // returns once the program is continued.
  asio::error_code ignored;
  job_signals_.remove(SIGTSTP, ignored);
  std::raise(SIGTSTP);
  job_signals_.add(SIGTSTP, ignored);
  restart_calls_after(SIGTSTP);
  // The SIGCONT that continued us is handled next, as any other.
}

void readline_terminal::resumed() {
  // Continued in the background (`bg`): taking the terminal now would stop us again (SIGTTOU);
  // the `fg` that brings us back sends SIGCONT once more.
  if (::tcgetpgrp(STDIN_FILENO) != ::getpgrp()) return;
  // Whatever the terminal's mode now (the shell may have set its own while we were stopped),
  // readline saves it as the one to give back and sets its own.
  rl_deprep_terminal();
  rl_reset_after_signal();
  // The cursor may be anywhere on a line the shell wrote: start a line of our own.
  rl_clear_visible_line();
  rl_on_new_line();
  rl_redisplay();
}

void readline_terminal::do_wait() {
  if (paused_ || waiting_) return;
  waiting_ = true;
  input_.async_wait(asio::posix::stream_descriptor::wait_read, [this](asio::error_code error) {
    waiting_ = false;
    if (error || !running_) return;
    rl_callback_read_char();
    if (running_) do_wait();
  });
}

void readline_terminal::pause_input() { paused_ = true; }

void readline_terminal::resume_input() {
  paused_ = false;
  if (running_) do_wait();
}

void readline_terminal::on_readline_line(char* line) {
  readline_terminal* self = active_terminal;
  if (self == nullptr) {
    std::free(line);
    return;
  }
  self->in_line_handler_ = true;
  if (line == nullptr) {
    std::fputs("\n", self->out_);
    self->handlers_.on_end();
  } else {
    if (*line != '\0') add_history(line);
    const std::string_view typed{line};
    if (typed.size() > self->max_line_bytes_) {
      self->handlers_.on_too_long();
    } else {
      self->handlers_.on_line(typed);
    }
    std::free(line);
  }
  self->in_line_handler_ = false;
}

void readline_terminal::show(std::string_view line) {
  if (queue_) {
    if (queue_->closed()) return;
    if (queue_->unwritten_bytes() + line.size() + 1 > max_queued_output) {
      ++dropped_lines_;
      return;
    }
  }
  print(line);
}

void readline_terminal::print(std::string_view line) {
  // Inside the line handler readline has already moved past the accepted line, and draws the
  // prompt itself once the handler returns (rl_callback_read_char, readline 8.2); a redisplay
  // here would draw the accepted line a second time, with the next prompt after it.
  if (!running_ || in_line_handler_) {
    put_line(line);
    return;
  }
  rl_clear_visible_line();
  put_line(line);
  rl_on_new_line();
  rl_redisplay();
}

void readline_terminal::put_line(std::string_view line) {
  // Wrapped here, not by the terminal, so no part of a peer's text can start a row of its own.
  const std::string rows = fit_to_terminal(line, STDOUT_FILENO);
  std::fwrite(rows.data(), 1, rows.size(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void readline_terminal::after_write() {
  if (dropped_lines_ > 0) {
    const std::size_t dropped = dropped_lines_;
    dropped_lines_ = 0;
    drawing_lost_ = false;
    // Drawn the way a shown line is, so the prompt and the typed text come back below it.
    print(dropped_entries_note(dropped, "lines"));
  } else if (drawing_lost_) {
    drawing_lost_ = false;
    if (running_) rl_forced_update_display();
  }
  if (queue_->unwritten_bytes() == 0 && handlers_.on_output_drained) handlers_.on_output_drained();
}

void readline_terminal::output_closed() {
  if (handlers_.on_output_closed) handlers_.on_output_closed();
}

std::size_t readline_terminal::unwritten_bytes() const { return queue_ ? queue_->unwritten_bytes() : 0; }

void readline_terminal::stop() {
  if (!running_) return;
  running_ = false;
  job_signals_.clear();
  job_signals_.cancel();
  rl_callback_handler_remove();
  active_terminal = nullptr;
  asio::error_code ignored;
  input_.close(ignored);
  if (queue_) queue_->finish(finish_grace);
}

}  // namespace udpchat
