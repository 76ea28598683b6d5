#include "stdout_queue.hpp"

#include <asio/write.hpp>

namespace udpchat {

stdout_queue::stdout_queue(asio::io_context& io, std::size_t max_queued_bytes,
                           std::function<void()> on_closed)
    : out_{io}, max_queued_bytes_{max_queued_bytes}, on_closed_{std::move(on_closed)} {
  const int fd = ::dup(STDOUT_FILENO);
  asio::error_code error;
  if (fd >= 0) out_.assign(fd, error);
  if (fd < 0 || error) {
    if (fd >= 0) ::close(fd);
    closed_ = true;
  }
}

stdout_queue::~stdout_queue() {
  // What is still queued at exit gets one chance, without waiting for the reader.
  if (!closed_ && writing_.empty() && !pending_.empty()) {
    asio::error_code ignored;
    out_.non_blocking(true, ignored);
    out_.write_some(asio::buffer(pending_), ignored);
  }
  asio::error_code ignored;
  out_.close(ignored);
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
    if (error == asio::error::operation_aborted) return;
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
    if (!pending_.empty()) do_write();
  });
}

}  // namespace udpchat
