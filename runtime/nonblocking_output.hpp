// SPDX-License-Identifier: GPL-3.0-or-later
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

// Bytes for standard output or standard error (a pipe, a file, a terminal), written without the
// io_context's thread ever waiting for whoever reads them: write() only queues, and what is
// queued goes out in one write when the descriptor takes it. The queue has no bound of its own;
// the caller decides what to leave out (see unwritten_bytes()). Whatever is still queued when
// the object goes is lost.
class nonblocking_output {
 public:
  // `fd` is STDOUT_FILENO or STDERR_FILENO; the flags it came with are given back when this
  // goes. after_write runs on the io_context's thread each time a write has been taken whole,
  // and may write() again; on_closed runs once when the descriptor cannot be written any more
  // (its reader has gone). Either may be empty.
  nonblocking_output(asio::io_context& io, int fd, std::function<void()> after_write,
                     std::function<void()> on_closed);
  ~nonblocking_output();
  nonblocking_output(const nonblocking_output&) = delete;
  nonblocking_output& operator=(const nonblocking_output&) = delete;

  // Queues `bytes` as they are; ignored once closed.
  void write(std::string_view bytes);
  // Bytes given to write() that the descriptor has not taken yet.
  std::size_t unwritten_bytes() const { return pending_.size() + writing_.size(); }
  bool closed() const { return closed_; }
  // Writes what is queued if the reader takes it within `grace`, then closes; after that no I/O
  // is pending, so a stopping io_context is never held up by a stalled reader.
  void finish(std::chrono::milliseconds grace);

 private:
  void do_write();
  void do_send();
  // The write in flight has ended: taken whole, or failed with `error`.
  void written(asio::error_code error);
  void close();

  inherited_fd_flags inherited_flags_;
  asio::posix::stream_descriptor out_;
  std::function<void()> after_write_;
  std::function<void()> on_closed_;
  std::string pending_;  // bytes waiting for the write in flight to finish
  std::string writing_;  // the bytes of the write in flight
  // Runs the first write once the handler that queued it returns, so whatever else that
  // handler writes goes in the same write.
  asio::steady_timer start_timer_;
  asio::steady_timer grace_timer_;
  bool start_scheduled_ = false;
  bool in_after_write_ = false;
  bool closed_ = false;
  bool finishing_ = false;
  int socket_ = -1;        // the socket written with send(MSG_DONTWAIT), if fd is one; out_ watches it
  std::size_t sent_ = 0;   // of writing_, with a socket
};

}  // namespace udpchat
