// SPDX-License-Identifier: GPL-3.0-or-later
#include "tls_stream.hpp"

#include <algorithm>
#include <asio/post.hpp>
#include <asio/ssl/error.hpp>
#include <asio/write.hpp>
#include <cstring>

namespace udpchat {
namespace {

// A peer gone without close_notify has hung up, as far as lines are concerned.
asio::error_code as_read_end(asio::error_code error) {
  if (error == asio::ssl::error::stream_truncated) return asio::error::eof;
  return error;
}

}  // namespace

tls_stream::tls_stream(std::unique_ptr<tls_socket> session, std::shared_ptr<const void> context)
    : context_{std::move(context)}, session_{std::move(session)}, linger_timer_{session_->get_executor()} {
  asio::error_code ignored;
  session_->next_layer().set_option(asio::ip::tcp::no_delay{true}, ignored);
}

std::size_t tls_stream::read_some(asio::mutable_buffer into, asio::error_code& error) {
  if (input_begin_ < input_end_) {
    const std::size_t size = std::min(into.size(), input_end_ - input_begin_);
    std::memcpy(into.data(), input_.data() + input_begin_, size);
    input_begin_ += size;
    error = {};
    return size;
  }
  error = read_error_ ? read_error_ : asio::error_code{asio::error::would_block};
  return 0;
}

void tls_stream::async_wait_readable(std::shared_ptr<byte_stream_events> waiter) {
  if (closed_ || input_begin_ < input_end_ || read_error_) {
    const asio::error_code result = closed_ ? asio::error::operation_aborted : asio::error_code{};
    asio::post(get_executor(), [waiter = std::move(waiter), result] { waiter->on_readable(result); });
    return;
  }
  read_waiter_ = std::move(waiter);
  if (!reading_) start_read();
}

void tls_stream::start_read() {
  reading_ = true;
  input_begin_ = 0;
  input_end_ = 0;
  session_->async_read_some(asio::buffer(input_), [self = shared_from_this()](asio::error_code error, std::size_t size) {
    self->reading_ = false;
    if (self->closed_) return;
    self->input_end_ = size;
    if (error) self->read_error_ = as_read_end(error);
    if (auto waiter = std::move(self->read_waiter_)) waiter->on_readable({});
  });
}

std::size_t tls_stream::available(asio::error_code& error) const {
  const std::size_t waiting_here = input_end_ - input_begin_;
  return waiting_here + session_->next_layer().available(error);
}

std::size_t tls_stream::write_some(std::span<const asio::const_buffer> from, asio::error_code& error) {
  if (write_error_ || closed_ || send_shut_) {
    error = write_error_ ? write_error_ : asio::error_code{asio::error::shut_down};
    return 0;
  }
  std::size_t taken = 0;
  for (const auto& buffer : from) {
    const std::size_t room = max_unsent_bytes - std::min(max_unsent_bytes, unsent_.size());
    const std::size_t size = std::min(room, buffer.size());
    unsent_.append(static_cast<const char*>(buffer.data()), size);
    taken += size;
    if (size < buffer.size()) break;
  }
  if (taken == 0) {
    error = asio::error::would_block;
    return 0;
  }
  error = {};
  if (!writing_) start_write();
  return taken;
}

void tls_stream::start_write() {
  writing_ = true;
  sending_.swap(unsent_);
  unsent_.clear();
  asio::async_write(*session_, asio::buffer(sending_), [self = shared_from_this()](asio::error_code error, std::size_t) {
    self->writing_ = false;
    self->sending_.clear();
    if (self->socket_closed_) return;
    if (error) {
      self->write_error_ = error;
      self->unsent_.clear();
    } else if (!self->unsent_.empty()) {
      self->start_write();
    }
    if (auto waiter = std::move(self->write_waiter_)) waiter->on_writable(self->write_error_);
    self->after_writes();
  });
}

void tls_stream::async_wait_writable(std::shared_ptr<byte_stream_events> waiter) {
  if (closed_ || write_error_ || unsent_.size() < max_unsent_bytes) {
    const asio::error_code result = closed_ ? asio::error_code{asio::error::operation_aborted} : write_error_;
    asio::post(get_executor(), [waiter = std::move(waiter), result] { waiter->on_writable(result); });
    return;
  }
  write_waiter_ = std::move(waiter);
}

void tls_stream::shutdown_send() {
  send_shut_ = true;
  after_writes();
}

void tls_stream::after_writes() {
  if (!send_shut_ || writing_ || close_notify_sent_ || socket_closed_) return;
  if (write_error_) {
    if (closed_) close_socket();
    return;
  }
  send_close_notify();
}

void tls_stream::send_close_notify() {
  close_notify_sent_ = true;
  // Ends once the peer's close_notify has come back (or the connection has failed); reading
  // goes on meanwhile, and sees that close_notify as the end of the stream.
  shutting_down_ = true;
  session_->async_shutdown([self = shared_from_this()](asio::error_code) {
    self->shutting_down_ = false;
    if (self->closed_) self->close_socket();
  });
}

void tls_stream::close() {
  if (closed_) return;
  closed_ = true;
  send_shut_ = true;
  read_waiter_.reset();
  write_waiter_.reset();
  linger_timer_.expires_after(close_linger);
  linger_timer_.async_wait([self = shared_from_this()](asio::error_code error) {
    if (!error) self->close_socket();
  });
  if (close_notify_sent_ && !shutting_down_) {
    // The peer has answered it already.
    close_socket();
    return;
  }
  after_writes();
}

void tls_stream::close_socket() {
  if (socket_closed_) return;
  socket_closed_ = true;
  linger_timer_.cancel();
  asio::error_code ignored;
  session_->next_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  session_->next_layer().close(ignored);
}

}  // namespace udpchat
