#pragma once

#include <asio/posix/stream_descriptor.hpp>

#include "terminal.hpp"

namespace udpchat {

// Interactive terminal on GNU readline (line editing, history), driven by readline's callback
// interface from the io_context's thread, so input and the network share one thread. An incoming
// line clears the line being typed, prints, and redraws the prompt and the typed text.
// Readiness is watched on a descriptor of our own for the terminal, so the non-blocking mode
// asio sets never reaches the terminal's shared description: readline and stdout keep
// blocking I/O and no line is lost to EAGAIN.
class readline_terminal final : public terminal {
 public:
  readline_terminal(asio::io_context& io, std::size_t max_line_bytes, const char* prompt);
  ~readline_terminal() override;
  readline_terminal(const readline_terminal&) = delete;
  readline_terminal& operator=(const readline_terminal&) = delete;

  void start(handlers callbacks) override;
  void show(std::string_view line) override;
  void stop() override;
  void pause_input() override;
  void resume_input() override;

 private:
  static void on_readline_line(char* line);
  void do_wait();
  void put_line(std::string_view line);

  asio::posix::stream_descriptor input_;
  std::size_t max_line_bytes_;
  const char* prompt_;
  handlers handlers_;
  bool running_ = false;
  bool paused_ = false;
  bool waiting_ = false;
  bool in_line_handler_ = false;  // the handlers of an accepted line are running
};

}  // namespace udpchat
