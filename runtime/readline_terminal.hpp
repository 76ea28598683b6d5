#pragma once

#include <asio/posix/stream_descriptor.hpp>

#include "inherited_fd_flags.hpp"
#include "terminal.hpp"

namespace udpchat {

// Interactive terminal on GNU readline (line editing, history), driven by readline's callback
// interface from the io_context's thread, so input and the network share one thread. An incoming
// line clears the line being typed, prints, and redraws the prompt and the typed text.
class readline_terminal final : public terminal {
 public:
  readline_terminal(asio::io_context& io, std::size_t max_line_bytes, const char* prompt);
  ~readline_terminal() override;
  readline_terminal(const readline_terminal&) = delete;
  readline_terminal& operator=(const readline_terminal&) = delete;

  void start(handlers callbacks) override;
  void show(std::string_view line) override;
  void stop() override;

 private:
  static void on_readline_line(char* line);
  void do_wait();

  asio::posix::stream_descriptor input_;
  std::size_t max_line_bytes_;
  const char* prompt_;
  handlers handlers_;
  bool running_ = false;
  inherited_fd_flags inherited_flags_{STDIN_FILENO};
};

}  // namespace udpchat
