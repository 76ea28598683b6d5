#pragma once

#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "inherited_fd_flags.hpp"

namespace udpchat {

// Standard output for a server: lines are written without ever making the io_context's thread
// wait for whoever reads them (a pager, a slow pipe, a stopped terminal). Lines are gathered and
// written together; past max_queued_bytes new lines are dropped, and once there is room again a
// line says how many were lost. Whatever is still queued when the object goes is lost.
class stdout_queue {
 public:
  stdout_queue(asio::io_context& io, std::size_t max_queued_bytes, std::function<void()> on_closed);
  ~stdout_queue();
  stdout_queue(const stdout_queue&) = delete;
  stdout_queue& operator=(const stdout_queue&) = delete;

  // `line` without its newline.
  void write(std::string_view line);
  // Writes what is queued if the reader takes it within `grace`, then closes; after that the
  // queue keeps no I/O pending, so a stopping io_context is never held up by a stalled reader.
  void finish(std::chrono::milliseconds grace);

 private:
  void do_write();
  void close();

  inherited_fd_flags inherited_flags_{STDOUT_FILENO};
  asio::posix::stream_descriptor out_;
  std::size_t max_queued_bytes_;
  std::function<void()> on_closed_;
  std::string pending_;  // lines waiting for the write in flight to finish
  std::string writing_;  // the bytes of the write in flight
  asio::steady_timer grace_timer_;
  std::size_t dropped_lines_ = 0;
  bool closed_ = false;
  bool finishing_ = false;
};

}  // namespace udpchat
