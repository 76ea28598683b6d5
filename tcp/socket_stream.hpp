// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/ip/tcp.hpp>

#include "byte_stream.hpp"

namespace udpchat {

// A plain TCP socket as a byte_stream: non-blocking reads and writes, and the socket's own
// readiness waits. TCP_NODELAY is set: chat lines are small and interactive.
class socket_stream final : public byte_stream {
 public:
  explicit socket_stream(asio::ip::tcp::socket socket);

  std::size_t read_some(asio::mutable_buffer into, asio::error_code& error) override;
  std::size_t write_some(std::span<const asio::const_buffer> from, asio::error_code& error) override;
  void async_wait_readable(std::shared_ptr<byte_stream_events> waiter) override;
  void async_wait_writable(std::shared_ptr<byte_stream_events> waiter) override;
  std::size_t available(asio::error_code& error) const override { return socket_.available(error); }
  void shutdown_send() override;
  void close() override;
  asio::any_io_executor get_executor() override { return socket_.get_executor(); }
  asio::ip::tcp::endpoint remote_endpoint(asio::error_code& error) const override {
    return socket_.remote_endpoint(error);
  }
  asio::ip::tcp::endpoint local_endpoint(asio::error_code& error) const override {
    return socket_.local_endpoint(error);
  }

 private:
  asio::ip::tcp::socket socket_;
};

}  // namespace udpchat
