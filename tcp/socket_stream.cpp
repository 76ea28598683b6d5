// SPDX-License-Identifier: GPL-3.0-or-later
#include "socket_stream.hpp"

namespace udpchat {

socket_stream::socket_stream(asio::ip::tcp::socket socket) : socket_{std::move(socket)} {
  asio::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay{true}, ignored);
  socket_.non_blocking(true, ignored);
}

std::size_t socket_stream::read_some(asio::mutable_buffer into, asio::error_code& error) {
  return socket_.read_some(into, error);
}

std::size_t socket_stream::write_some(std::span<const asio::const_buffer> from, asio::error_code& error) {
  return socket_.write_some(from, error);
}

void socket_stream::async_wait_readable(std::shared_ptr<byte_stream_events> waiter) {
  socket_.async_wait(asio::ip::tcp::socket::wait_read,
                     [waiter = std::move(waiter)](asio::error_code error) { waiter->on_readable(error); });
}

void socket_stream::async_wait_writable(std::shared_ptr<byte_stream_events> waiter) {
  socket_.async_wait(asio::ip::tcp::socket::wait_write,
                     [waiter = std::move(waiter)](asio::error_code error) { waiter->on_writable(error); });
}

void socket_stream::shutdown_send() {
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

void socket_stream::close() {
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace udpchat
