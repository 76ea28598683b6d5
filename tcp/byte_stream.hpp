// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a line_connection reads and writes through: a plain TCP socket (socket_stream.hpp) or a
// TLS session over one (tls_stream.hpp). Readiness-based, like a non-blocking socket: read_some
// and write_some never wait and say would_block when there is nothing to read or no room, and
// the waits say when to try again. Bytes not yet asked for stay with the peer (in its socket, or
// at most one TLS record here), so a peer held back by flow control is held back in fact.

#include <asio/any_io_executor.hpp>
#include <asio/buffer.hpp>
#include <asio/error.hpp>
#include <asio/ip/tcp.hpp>
#include <cstddef>
#include <memory>
#include <span>

namespace udpchat {

// Whoever waits on a byte_stream. The stream holds it (through the shared_ptr given with each
// wait) until the wait ends, so it lives while it has a wait pending.
class byte_stream_events {
 public:
  virtual ~byte_stream_events() = default;
  // The wait for input ended: something may be read (or the error or end of stream read), or
  // `error` says why the wait itself failed (operation_aborted after close()).
  virtual void on_readable(asio::error_code error) = 0;
  // The wait for room ended: write_some may take something again, or `error` says why not.
  virtual void on_writable(asio::error_code error) = 0;
};

class byte_stream {
 public:
  virtual ~byte_stream() = default;

  // Copies what has arrived into `into` and returns how much; asio::error::would_block (and 0)
  // when nothing has, asio::error::eof once the peer has ended the stream.
  virtual std::size_t read_some(asio::mutable_buffer into, asio::error_code& error) = 0;
  // Takes what it can of `from` now and returns how much; would_block when it can take nothing.
  // What it took goes out in order; after close() too, as far as the peer takes it soon.
  virtual std::size_t write_some(std::span<const asio::const_buffer> from, asio::error_code& error) = 0;
  // One wait of each kind at a time. The waiter is called from the executor, never from within
  // the call.
  virtual void async_wait_readable(std::shared_ptr<byte_stream_events> waiter) = 0;
  virtual void async_wait_writable(std::shared_ptr<byte_stream_events> waiter) = 0;
  // Bytes that have arrived and not yet been read, as far as it can tell without reading.
  virtual std::size_t available(asio::error_code& error) const = 0;
  // Once everything taken has gone out, tells the peer nothing more will come; reading goes on.
  virtual void shutdown_send() = 0;
  // Stops reading and ends the stream; pending waits end with operation_aborted.
  virtual void close() = 0;

  virtual asio::any_io_executor get_executor() = 0;
  virtual asio::ip::tcp::endpoint remote_endpoint(asio::error_code& error) const = 0;
  virtual asio::ip::tcp::endpoint local_endpoint(asio::error_code& error) const = 0;
};

}  // namespace udpchat
