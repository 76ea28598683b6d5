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

// Standard output or standard error for a program that must not wait: entries are written
// without ever making the io_context's thread wait for whoever reads them (a pager, a slow pipe,
// a stopped terminal). Entries are gathered and written together; past max_queued_bytes new
// entries are dropped, and once there is room again a line says how many were lost. Whatever is
// still queued when the object goes is lost.
class output_queue {
 public:
  // `fd` is STDOUT_FILENO or STDERR_FILENO; `entries` names what write() is given, for the line
  // that counts the dropped ones ("lines", "trace entries").
  output_queue(asio::io_context& io, int fd, std::size_t max_queued_bytes, std::string entries,
               std::function<void()> on_closed);
  ~output_queue();
  output_queue(const output_queue&) = delete;
  output_queue& operator=(const output_queue&) = delete;

  // One entry without its last newline: a line, or several lines that are written or dropped
  // together.
  void write(std::string_view entry);
  // Writes what is queued if the reader takes it within `grace`, then closes; after that the
  // queue keeps no I/O pending, so a stopping io_context is never held up by a stalled reader.
  void finish(std::chrono::milliseconds grace);

 private:
  void do_write();
  void close();

  inherited_fd_flags inherited_flags_;
  asio::posix::stream_descriptor out_;
  std::size_t max_queued_bytes_;
  std::string entries_;
  std::function<void()> on_closed_;
  std::string pending_;  // entries waiting for the write in flight to finish
  std::string writing_;  // the bytes of the write in flight
  asio::steady_timer grace_timer_;
  std::size_t dropped_entries_ = 0;
  bool closed_ = false;
  bool finishing_ = false;
};

}  // namespace udpchat
