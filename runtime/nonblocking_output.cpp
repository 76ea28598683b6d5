// SPDX-License-Identifier: GPL-3.0-or-later
#include "nonblocking_output.hpp"

#include <asio/error.hpp>
#include <asio/post.hpp>

namespace udpchat {

nonblocking_output::nonblocking_output(asio::io_context& io, standard_stream stream,
                                       std::function<void()> after_write, std::function<void()> on_closed)
    : channel_{open_output_channel(io, stream)},
      after_write_{std::move(after_write)},
      on_closed_{std::move(on_closed)},
      io_{io},
      grace_timer_{io},
      closed_{channel_ == nullptr} {}

nonblocking_output::~nonblocking_output() { close(); }

void nonblocking_output::close() {
  closed_ = true;
  grace_timer_.cancel();
  if (channel_) channel_->close();
}

void nonblocking_output::finish(std::chrono::milliseconds grace) {
  if (closed_ || finishing_) return;
  finishing_ = true;
  if (unwritten_bytes() == 0) {
    close();
    return;
  }
  grace_timer_.expires_after(grace);
  grace_timer_.async_wait([this](asio::error_code error) {
    if (!error) close();
  });
}

void nonblocking_output::write(std::string_view bytes) {
  if (closed_ || bytes.empty()) return;
  pending_.append(bytes);
  if (!writing_.empty() || in_after_write_ || start_scheduled_) return;
  start_scheduled_ = true;
  asio::post(io_, [this, alive = std::weak_ptr<char>{alive_}] {
    if (alive.expired()) return;
    start_scheduled_ = false;
    if (!closed_ && !pending_.empty()) do_write();
  });
}

void nonblocking_output::do_write() {
  writing_.swap(pending_);
  channel_->write_all(writing_, [this](asio::error_code error) {
    if (error == asio::error::operation_aborted || closed_) return;
    written(error);
  });
}

void nonblocking_output::written(asio::error_code error) {
  writing_.clear();
  // A burst (a thousand joins logged in one turn of the loop) grows the buffer to its size,
  // and the two buffers trade places at every write: without this, each would keep the room of
  // the largest burst for the life of the program.
  constexpr std::size_t kept_bytes = 16 * 1024;
  if (writing_.capacity() > kept_bytes) std::string{}.swap(writing_);
  if (error) {
    pending_.clear();
    closed_ = true;
    if (on_closed_) on_closed_();
    return;
  }
  if (after_write_) {
    in_after_write_ = true;
    after_write_();
    in_after_write_ = false;
  }
  if (!pending_.empty()) {
    do_write();
  } else if (finishing_) {
    close();
  }
}

}  // namespace udpchat
