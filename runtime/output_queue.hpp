// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "nonblocking_output.hpp"

namespace udpchat {

// Standard output or standard error for a program that must not wait: entries are written
// without ever making the io_context's thread wait for whoever reads them (a pager, a slow pipe,
// a stopped terminal). Entries are gathered and written together; past max_queued_bytes new
// entries are dropped, and once there is room again a line says how many were lost. Whatever is
// still queued when the object goes is lost.
class output_queue {
 public:
  // `entries` names what write() is given, for the line
  // that counts the dropped ones ("lines", "trace entries"). on_closed runs once the reader has
  // gone; on_drained each time everything queued has been written. Either may be empty.
  output_queue(asio::io_context& io, standard_stream stream, std::size_t max_queued_bytes, std::string entries,
               std::function<void()> on_closed, std::function<void()> on_drained = {});

  // One entry without its last newline: a line, or several lines that are written or dropped
  // together.
  void write(std::string_view entry);
  // Bytes written to the queue that the reader has not taken yet.
  std::size_t unwritten_bytes() const { return out_.unwritten_bytes(); }
  // Writes what is queued if the reader takes it within `grace`, then closes; after that the
  // queue keeps no I/O pending, so a stopping io_context is never held up by a stalled reader.
  void finish(std::chrono::milliseconds grace) { out_.finish(grace); }

 private:
  void after_write();

  std::size_t max_queued_bytes_;
  std::string entries_;
  std::function<void()> on_drained_;
  std::string entry_;  // the entry being queued, with its newline
  std::size_t dropped_entries_ = 0;
  nonblocking_output out_;
};

// "(3 lines not shown: output was not read fast enough)": what a console says in place of
// entries it dropped.
std::string dropped_entries_note(std::size_t dropped, std::string_view entries);

}  // namespace udpchat
