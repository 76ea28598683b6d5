// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/error_code.hpp>
#include <asio/io_context.hpp>
#include <functional>
#include <memory>
#include <string_view>

namespace udpchat {

// The program's standard output or standard error.
enum class standard_stream { output, error };

// How bytes reach standard output or error without the io_context's thread waiting: one write
// in flight at a time, whose end is reported on the io_context's thread. nonblocking_output
// does the queueing above it. One implementation per platform (output_channel_posix.cpp: asio
// on a descriptor of our own; output_channel_windows.cpp: a writer thread).
class output_channel {
 public:
  virtual ~output_channel() = default;
  // Writes all of `bytes`, which must stay unchanged until `done` runs or close() returns, then
  // runs `done` on the io_context's thread: with no error once the stream took them all, or
  // with the error that ended the stream. At most one write at a time. After close(), `done`
  // runs with asio::error::operation_aborted or not at all.
  virtual void write_all(std::string_view bytes, std::function<void(asio::error_code)> done) = 0;
  // Abandons the write in flight, if any, and keeps no I/O pending.
  virtual void close() = 0;
};

// The channel to `stream`, or nullptr when it cannot be written at all (closed, or not open).
std::unique_ptr<output_channel> open_output_channel(asio::io_context& io, standard_stream stream);

}  // namespace udpchat
