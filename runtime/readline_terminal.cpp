#include "readline_terminal.hpp"

#include <fcntl.h>
#include <unistd.h>

// readline's header needs stdio declared first.
#include <cstdio>
#include <cstdlib>
#include <readline/history.h>
#include <readline/readline.h>

#include "own_descriptor.hpp"

namespace udpchat {
namespace {

// readline calls back a plain function, so the one running terminal is found through this.
// Only the io_context's thread touches it.
readline_terminal* active_terminal = nullptr;

}  // namespace

readline_terminal::readline_terminal(asio::io_context& io, std::size_t max_line_bytes,
                                     const char* prompt)
    : input_{io}, max_line_bytes_{max_line_bytes}, prompt_{prompt} {}

readline_terminal::~readline_terminal() { stop(); }

void readline_terminal::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  // asio's signal_set handles SIGINT and SIGTERM; readline must not install its own.
  rl_catch_signals = 0;
  active_terminal = this;
  running_ = true;
  input_.assign(own_descriptor(STDIN_FILENO, O_RDONLY));
  rl_callback_handler_install(prompt_, &readline_terminal::on_readline_line);
  do_wait();
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
    std::fputs("\n", stdout);
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
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void readline_terminal::stop() {
  if (!running_) return;
  running_ = false;
  rl_callback_handler_remove();
  active_terminal = nullptr;
  asio::error_code ignored;
  input_.close(ignored);
}

}  // namespace udpchat
