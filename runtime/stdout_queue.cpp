#include "stdout_queue.hpp"

#include <fcntl.h>

#include <asio/write.hpp>

#include "own_descriptor.hpp"

namespace udpchat {

stdout_queue::stdout_queue(asio::io_context& io, std::size_t max_queued_bytes,
                           std::function<void()> on_closed)
    : out_{io}, max_queued_bytes_{max_queued_bytes}, on_closed_{std::move(on_closed)}, grace_timer_{io} {
  const int fd = own_descriptor(STDOUT_FILENO, O_WRONLY);
  asio::error_code error;
  if (fd >= 0) out_.assign(fd, error);
  if (fd < 0 || error) {
    if (fd >= 0) ::close(fd);
    closed_ = true;
  }
}

stdout_queue::~stdout_queue() { close(); }

void stdout_queue::close() {
  closed_ = true;
  grace_timer_.cancel();
  asio::error_code ignored;
  out_.close(ignored);
}

void stdout_queue::finish(std::chrono::milliseconds grace) {
  if (closed_ || finishing_) return;
  finishing_ = true;
  if (writing_.empty()) {
    close();
    return;
  }
  grace_timer_.expires_after(grace);
  grace_timer_.async_wait([this](asio::error_code error) {
    if (!error) close();
  });
}

void stdout_queue::write(std::string_view line) {
  if (closed_) return;
  if (pending_.size() + line.size() + 1 > max_queued_bytes_) {
    ++dropped_lines_;
    return;
  }
  pending_.append(line).push_back('\n');
  if (writing_.empty()) do_write();
}

void stdout_queue::do_write() {
  writing_.swap(pending_);
  asio::async_write(out_, asio::buffer(writing_), [this](asio::error_code error, std::size_t) {
    if (error == asio::error::operation_aborted || closed_) return;
    writing_.clear();
    if (error) {
      closed_ = true;
      if (on_closed_) on_closed_();
      return;
    }
    if (dropped_lines_ > 0) {
      pending_.append("(" + std::to_string(dropped_lines_) +
                      " lines not shown: output was not read fast enough)\n");
      dropped_lines_ = 0;
    }
    if (!pending_.empty()) {
      do_write();
    } else if (finishing_) {
      close();
    }
  });
}

}  // namespace udpchat
