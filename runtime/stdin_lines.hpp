// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <array>
#include <functional>
#include <string_view>

#include "inherited_fd_flags.hpp"
#include "udpchat/line_framer.hpp"

namespace udpchat {

// Reads standard input line by line on the io_context's thread. Works when stdin is a terminal,
// a pipe, a regular file, /dev/null or a socket (one that may be stdout as well: its mode is
// never changed). Each callback runs on the io_context's thread; the view
// passed to on_line is valid only during the call.
class stdin_lines {
 public:
  struct handlers {
    std::function<void(std::string_view line)> on_line;
    std::function<void()> on_too_long;  // a line past max_line_bytes was dropped
    std::function<void()> on_end;       // end of input, or stdin cannot be read
  };

  stdin_lines(asio::io_context& io, std::size_t max_line_bytes, handlers callbacks);
  ~stdin_lines();
  stdin_lines(const stdin_lines&) = delete;
  stdin_lines& operator=(const stdin_lines&) = delete;

  void start();
  void stop();
  // While paused no more input is read; what the system buffers waits there.
  void pause();
  void resume();

 private:
  void do_read();
  // Hands on what one read brought (`size` bytes in chunk_), then reads on or ends.
  void take(asio::error_code error, std::size_t size);
  void deliver_lines();

  asio::posix::stream_descriptor input_;
  line_framer framer_;
  handlers handlers_;
  std::array<char, 16384> chunk_{};
  bool stopped_ = false;
  bool paused_ = false;
  bool reading_ = false;
  int socket_ = -1;  // stdin's socket (ours to close) when it is one; input_ then watches it
  inherited_fd_flags inherited_flags_{STDIN_FILENO};
};

}  // namespace udpchat
