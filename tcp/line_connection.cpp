#include "line_connection.hpp"

#include <asio/post.hpp>
#include <asio/write.hpp>

namespace udpchat {
namespace {

// How many queued lines one gathered write takes at most.
constexpr std::size_t max_lines_per_write = 64;

}  // namespace

line_connection::line_connection(asio::ip::tcp::socket socket, std::size_t max_line_bytes,
                                 std::size_t max_queued_bytes)
    : socket_{std::move(socket)},
      framer_{max_line_bytes},
      max_queued_bytes_{max_queued_bytes},
      linger_timer_{socket_.get_executor()} {
  asio::error_code ignored;
  remote_ = socket_.remote_endpoint(ignored);
  // Chat lines are small and interactive: send each at once.
  socket_.set_option(asio::ip::tcp::no_delay{true}, ignored);
}

void line_connection::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  do_read();
}

void line_connection::do_read() {
  socket_.async_read_some(asio::buffer(chunk_), [self = shared_from_this()](asio::error_code error,
                                                                            std::size_t size) {
    if (self->closed_) return;
    if (error) {
      self->end(error == asio::error::eof ? "hung up" : error.message());
      return;
    }
    // While closing, what the peer still sends is read (so its end is seen) and dropped.
    if (!self->closing_) {
      self->framer_.append(std::string_view{self->chunk_.data(), size});
      self->deliver_lines();
      if (self->handlers_.on_read_done) self->handlers_.on_read_done();
    }
    if (!self->closed_) self->do_read();
  });
}

void line_connection::deliver_lines() {
  while (!closed_ && !closing_) {
    const frame event = framer_.next();
    if (event.status == frame_status::need_more) return;
    if (event.status == frame_status::too_long) {
      handlers_.on_too_long();
    } else {
      handlers_.on_line(event.line);
    }
  }
}

void line_connection::deliver(std::shared_ptr<const std::string> line) {
  if (closed_ || closing_ || dropping_) return;
  queued_bytes_ += line->size();
  queue_.push_back(std::move(line));
  if (queued_bytes_ > max_queued_bytes_) {
    // Dropped later, not now: the owner may be walking its peers to deliver this very line.
    dropping_ = true;
    asio::post(socket_.get_executor(),
               [self = shared_from_this(), why = "not reading, " + std::to_string(queued_bytes_) +
                                                 " bytes queued"] { self->end(why); });
    return;
  }
  // The write starts after the current handler: lines delivered meanwhile (a whole read's worth
  // of a busy room) go out together in one gathered write.
  if (in_flight_.empty() && !write_posted_) {
    write_posted_ = true;
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->write_posted_ = false;
      if (!self->closed_ && self->in_flight_.empty() && !self->queue_.empty()) self->do_write();
    });
  }
}

void line_connection::do_write() {
  const std::size_t count = std::min(queue_.size(), max_lines_per_write);
  for (std::size_t i = 0; i < count; ++i) in_flight_.push_back(asio::buffer(*queue_[i]));
  asio::async_write(socket_, in_flight_, [self = shared_from_this()](asio::error_code error,
                                                                      std::size_t written) {
    if (self->closed_) return;
    if (error) {
      self->end(error.message());
      return;
    }
    self->queued_bytes_ -= written;
    for (std::size_t i = 0; i < self->in_flight_.size(); ++i) self->queue_.pop_front();
    self->in_flight_.clear();
    if (!self->queue_.empty()) {
      self->do_write();
    } else if (self->closing_) {
      self->close();
    }
    if (self->handlers_.on_written) self->handlers_.on_written();
  });
}

void line_connection::close_with(std::string_view last_line) {
  if (closed_ || closing_) return;
  closing_ = true;
  if (!dropping_) {
    // The last line may go past the queue bound: it is the last.
    queued_bytes_ += last_line.size();
    queue_.push_back(std::make_shared<const std::string>(last_line));
  }
  if (in_flight_.empty()) {
    if (dropping_ || queue_.empty()) {
      close();
      return;
    }
    if (!write_posted_) do_write();
  }
  linger_timer_.expires_after(linger_time);
  linger_timer_.async_wait([self = shared_from_this()](asio::error_code error) {
    if (!error) self->close();
  });
}

void line_connection::close() {
  if (closed_) return;
  closed_ = true;
  linger_timer_.cancel();
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  // The queue stays until the connection goes: a write in flight points into it.
  socket_.close(ignored);
}

void line_connection::end(std::string_view why) {
  if (closed_) return;
  const bool owner_knows = closing_;
  close();
  if (!owner_knows) handlers_.on_closed(why);
}

}  // namespace udpchat
