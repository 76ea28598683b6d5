// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <memory>
#include <string>

#include "byte_stream.hpp"

namespace udpchat {

using tls_socket = asio::ssl::stream<asio::ip::tcp::socket>;

// A TLS session (asio's ssl::stream over OpenSSL) as a byte_stream, with bounded buffers of its
// own. Reading: one record's worth is asked of the session only while someone waits for input,
// so a peer not being read is not read here either: what it sends stays in its socket. Writing:
// write_some copies into a buffer of at most max_unsent_bytes, which goes out in the background;
// it is "no room" while that is full, as a socket's buffer would be. A peer that hangs up without
// TLS's close_notify is taken as having hung up (eof): for lines of chat a cut-off stream is a
// cut-off line, which the line's missing ending shows anyway.
// Closing: what was taken is still sent, then close_notify, and the socket is closed once the
// peer answers it or after close_linger at the latest. The stream keeps itself alive meanwhile.
class tls_stream final : public byte_stream, public std::enable_shared_from_this<tls_stream> {
 public:
  // `session` has finished its handshake; `context` (if given) is the one it was made with,
  // kept for as long as the session.
  explicit tls_stream(std::unique_ptr<tls_socket> session, std::shared_ptr<const void> context = nullptr);

  std::size_t read_some(asio::mutable_buffer into, asio::error_code& error) override;
  std::size_t write_some(std::span<const asio::const_buffer> from, asio::error_code& error) override;
  void async_wait_readable(std::shared_ptr<byte_stream_events> waiter) override;
  void async_wait_writable(std::shared_ptr<byte_stream_events> waiter) override;
  std::size_t available(asio::error_code& error) const override;
  void shutdown_send() override;
  void close() override;
  asio::any_io_executor get_executor() override { return session_->get_executor(); }
  asio::ip::tcp::endpoint remote_endpoint(asio::error_code& error) const override {
    return session_->next_layer().remote_endpoint(error);
  }
  asio::ip::tcp::endpoint local_endpoint(asio::error_code& error) const override {
    return session_->next_layer().local_endpoint(error);
  }

  // As much plain text as may wait here to be encrypted and sent: like the system's limit on a
  // plain socket's unsent bytes (kernel_unsent_bytes), so a reader's backlog stays in the
  // line_connection's queue where the limits see it.
  static constexpr std::size_t max_unsent_bytes = 16 * 1024;
  static constexpr std::chrono::milliseconds close_linger{1000};

 private:
  void start_read();
  void start_write();
  // After the last write: close_notify, if one is due.
  void after_writes();
  void send_close_notify();
  void close_socket();

  std::shared_ptr<const void> context_;
  std::unique_ptr<tls_socket> session_;
  // Decrypted, not yet read: [input_begin_, input_end_). A TLS record holds at most 16 KiB.
  std::array<char, 16 * 1024> input_{};
  std::size_t input_begin_ = 0;
  std::size_t input_end_ = 0;
  asio::error_code read_error_;  // how reading ended, once it has
  bool reading_ = false;
  std::shared_ptr<byte_stream_events> read_waiter_;
  std::string sending_;  // being written
  std::string unsent_;   // taken since, waiting for that write
  asio::error_code write_error_;
  bool writing_ = false;
  std::shared_ptr<byte_stream_events> write_waiter_;
  bool send_shut_ = false;       // shutdown_send() or close() asked for close_notify
  bool close_notify_sent_ = false;
  bool shutting_down_ = false;   // waiting for the peer's close_notify
  bool closed_ = false;          // close() was called
  bool socket_closed_ = false;
  asio::steady_timer linger_timer_;
};

}  // namespace udpchat
