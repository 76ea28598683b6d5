#include "line_connection.hpp"

#include <asio/post.hpp>
#include <asio/write.hpp>

#include "endpoint_text.hpp"
#include "traffic_trace.hpp"

namespace udpchat {
namespace {

// How many queued lines one gathered write takes at most.
constexpr std::size_t max_lines_per_write = 64;
// Reads made at once after a read completes, if the peer has that much waiting.
constexpr int extra_reads_per_wakeup = 7;

}  // namespace

line_connection::line_connection(asio::ip::tcp::socket socket, std::size_t max_line_bytes,
                                 std::size_t max_queued_bytes, traffic_trace* trace)
    : socket_{std::move(socket)},
      framer_{max_line_bytes},
      progress_{std::chrono::steady_clock::now(), std::nullopt},
      max_queued_bytes_{max_queued_bytes},
      linger_timer_{socket_.get_executor()},
      trace_{trace} {
  asio::error_code ignored;
  remote_ = socket_.remote_endpoint(ignored);
  if (trace_ != nullptr) {
    trace_remote_ = endpoint_text(remote_);
    trace_local_ = endpoint_text(socket_.local_endpoint(ignored));
  }
  // Chat lines are small and interactive: send each at once.
  socket_.set_option(asio::ip::tcp::no_delay{true}, ignored);
  // Reads beyond the first per wake-up must return at once when nothing is waiting.
  socket_.non_blocking(true, ignored);
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
    self->take(size);
    // A busy peer has more waiting: take up to a few more chunks at once, so its lines are
    // relayed in bigger batches and fewer writes.
    for (int more = 0; more < extra_reads_per_wakeup && !self->closed_; ++more) {
      asio::error_code more_error;
      const std::size_t more_size = self->socket_.read_some(asio::buffer(self->chunk_), more_error);
      if (more_error == asio::error::would_block) break;
      if (more_error) {
        self->end(more_error == asio::error::eof ? "hung up" : more_error.message());
        return;
      }
      self->take(more_size);
    }
    if (!self->closing_ && !self->closed_ && self->handlers_.on_read_done) {
      self->handlers_.on_read_done();
    }
    if (!self->closed_) self->do_read();
  });
}

void line_connection::take(std::size_t size) {
  // While closing, what the peer still sends is read (so its end is seen) and dropped.
  if (closing_) return;
  const std::string_view bytes{chunk_.data(), size};
  framer_.append(bytes);
  deliver_lines();
  note_progress(bytes.find('\n') != std::string_view::npos);
}

void line_connection::note_progress(bool line_ended) {
  const bool mid_line = framer_.mid_line();
  // A read that only carries an unfinished line further changes nothing: spare the clock.
  if (!line_ended && mid_line == progress_.unfinished_since.has_value()) return;
  const auto now = std::chrono::steady_clock::now();
  if (line_ended) progress_.last_line_end = now;
  if (!mid_line) {
    progress_.unfinished_since.reset();
  } else if (line_ended || !progress_.unfinished_since) {
    // The unfinished line began in this read, after its last '\n' if it had one.
    progress_.unfinished_since = now;
  }
}

void line_connection::deliver_lines() {
  hand_over_frames(
      framer_,
      [this](std::string_view line, std::string_view wire) {
        if (trace_ != nullptr) trace_->record(traffic_direction::received, trace_remote_, trace_local_, wire);
        handlers_.on_line(line);
      },
      [this] { handlers_.on_too_long(); }, [this] { return !closed_ && !closing_; });
}

void line_connection::deliver(std::shared_ptr<const std::string> line) {
  deliver(std::span<const std::shared_ptr<const std::string>>{&line, 1});
}

void line_connection::deliver(std::span<const std::shared_ptr<const std::string>> lines) {
  if (closed_ || closing_ || dropping_) return;
  for (const auto& each : lines) {
    if (trace_ != nullptr) trace_sent(*each);
    queued_bytes_ += each->size();
    queue_.push_back(each);
  }
  if (queued_bytes_ > max_queued_bytes_) {
    end_soon("not reading, " + std::to_string(queued_bytes_) + " bytes queued");
    return;
  }
  if (in_flight_.empty()) do_write();
}

void line_connection::do_write() {
  // Most writes are taken whole at once: try without waiting, and only what the socket does not
  // take waits for an asynchronous write (and its completion handler).
  while (!queue_.empty() && !closed_ && !dropping_) {
    const std::size_t count = std::min(queue_.size(), max_lines_per_write);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
      in_flight_.push_back(asio::buffer(*queue_[i]));
      bytes += queue_[i]->size();
    }
    asio::error_code error;
    std::size_t written = socket_.write_some(in_flight_, error);
    if (error == asio::error::would_block || error == asio::error::try_again) {
      written = 0;
    } else if (error) {
      in_flight_.clear();
      end_soon(error.message());
      return;
    }
    if (written < bytes) {
      finish_write_later(count, bytes, written);
      return;
    }
    queued_bytes_ -= bytes;
    for (std::size_t i = 0; i < count; ++i) queue_.pop_front();
    in_flight_.clear();
    if (handlers_.on_written) handlers_.on_written();
  }
  if (closing_ && queue_.empty()) close();
}

void line_connection::end_soon(std::string why) {
  // Not now: the owner may be walking its peers to deliver a line, and on_closed makes it
  // forget this one.
  dropping_ = true;
  asio::post(socket_.get_executor(), [self = shared_from_this(), why = std::move(why)] { self->end(why); });
}

void line_connection::finish_write_later(std::size_t count, std::size_t bytes, std::size_t written) {
  // Drop what was written from the front of the gathered buffers, and wait for the rest.
  std::size_t skip = written;
  std::size_t first = 0;
  while (skip >= in_flight_[first].size()) skip -= in_flight_[first++].size();
  in_flight_.erase(in_flight_.begin(), in_flight_.begin() + static_cast<std::ptrdiff_t>(first));
  in_flight_.front() += skip;
  asio::async_write(socket_, in_flight_, [self = shared_from_this(), count, bytes](asio::error_code error,
                                                                                 std::size_t) {
    if (self->closed_) return;
    self->in_flight_.clear();
    if (error) {
      self->end(error.message());
      return;
    }
    self->queued_bytes_ -= bytes;
    for (std::size_t i = 0; i < count; ++i) self->queue_.pop_front();
    if (self->handlers_.on_written) self->handlers_.on_written();
    self->do_write();
  });
}

void line_connection::close_with(std::string_view last_line) {
  if (closed_ || closing_) return;
  closing_ = true;
  if (!dropping_) {
    if (trace_ != nullptr) trace_sent(last_line);
    // The last line may go past the queue bound: it is the last.
    queued_bytes_ += last_line.size();
    queue_.push_back(std::make_shared<const std::string>(last_line));
  }
  if (in_flight_.empty()) {
    if (dropping_ || queue_.empty()) {
      close();
      return;
    }
    do_write();
    if (closed_) return;
  }
  linger_timer_.expires_after(linger_time);
  linger_timer_.async_wait([self = shared_from_this()](asio::error_code error) {
    if (!error) self->close();
  });
}

void line_connection::trace_sent(std::string_view lines) {
  // A room relays the lines of one read as one buffer; the trace shows them one by one.
  while (!lines.empty()) {
    const std::size_t end = std::min(lines.find('\n'), lines.size() - 1);
    trace_->record(traffic_direction::sent, trace_local_, trace_remote_, lines.substr(0, end + 1));
    lines.remove_prefix(end + 1);
  }
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
