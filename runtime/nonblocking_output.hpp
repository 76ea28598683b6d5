// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "output_channel.hpp"

namespace udpchat {

// Bytes for standard output or standard error (a pipe, a file, a terminal), written without the
// io_context's thread ever waiting for whoever reads them: write() only queues, and what is
// queued goes out in one write when the stream takes it. The queue has no bound of its own;
// the caller decides what to leave out (see unwritten_bytes()). Whatever is still queued when
// the object goes is lost. How a write reaches the system is the platform's output_channel.
class nonblocking_output {
 public:
  // after_write runs on the io_context's thread each time a write has been taken whole, and may
  // write() again; on_closed runs once when the stream cannot be written any more (its reader
  // has gone). Either may be empty. Whatever the platform changed on the stream to write it
  // this way (a descriptor's flags) is given back when this goes.
  nonblocking_output(asio::io_context& io, standard_stream stream, std::function<void()> after_write,
                     std::function<void()> on_closed);
  ~nonblocking_output();
  nonblocking_output(const nonblocking_output&) = delete;
  nonblocking_output& operator=(const nonblocking_output&) = delete;

  // Queues `bytes` as they are; ignored once closed.
  void write(std::string_view bytes);
  // Bytes given to write() that the stream has not taken yet.
  std::size_t unwritten_bytes() const { return pending_.size() + writing_.size(); }
  bool closed() const { return closed_; }
  // Writes what is queued if the reader takes it within `grace`, then closes; after that no I/O
  // is pending, so a stopping io_context is never held up by a stalled reader.
  void finish(std::chrono::milliseconds grace);

 private:
  void do_write();
  // The write in flight has ended: taken whole, or failed with `error`.
  void written(asio::error_code error);
  void close();

  std::unique_ptr<output_channel> channel_;
  std::function<void()> after_write_;
  std::function<void()> on_closed_;
  std::string pending_;  // bytes waiting for the write in flight to finish
  std::string writing_;  // the bytes of the write in flight
  asio::io_context& io_;
  // The first write is posted to run once the handler that queued it returns, so whatever else
  // that handler writes goes in the same write. A post, not a zero-length timer: a timer armed
  // and disarmed its timerfd for every line (two system calls, and two more wake-ups of the
  // loop), which made the hub's log of a message cost as much as relaying it to 30 members.
  // The posted handler holds this weak reference: it may run after the object is gone.
  std::shared_ptr<char> alive_ = std::make_shared<char>();
  asio::steady_timer grace_timer_;
  bool start_scheduled_ = false;
  bool in_after_write_ = false;
  bool closed_ = false;
  bool finishing_ = false;
};

}  // namespace udpchat
