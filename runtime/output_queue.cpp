#include "output_queue.hpp"

#include <fcntl.h>

#include <asio/write.hpp>

#include "own_descriptor.hpp"

namespace udpchat {

output_queue::output_queue(asio::io_context& io, int fd, std::size_t max_queued_bytes,
                           std::string entries, std::function<void()> on_closed)
    : inherited_flags_{fd},
      out_{io},
      max_queued_bytes_{max_queued_bytes},
      entries_{std::move(entries)},
      on_closed_{std::move(on_closed)},
      grace_timer_{io} {
  const int own = own_descriptor(fd, O_WRONLY);
  asio::error_code error;
  if (own >= 0) out_.assign(own, error);
  if (own < 0 || error) {
    if (own >= 0) ::close(own);
    closed_ = true;
  }
}

output_queue::~output_queue() { close(); }

void output_queue::close() {
  closed_ = true;
  grace_timer_.cancel();
  asio::error_code ignored;
  out_.close(ignored);
}

void output_queue::finish(std::chrono::milliseconds grace) {
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

void output_queue::write(std::string_view entry) {
  if (closed_) return;
  if (pending_.size() + entry.size() + 1 > max_queued_bytes_) {
    ++dropped_entries_;
    return;
  }
  pending_.append(entry).push_back('\n');
  if (writing_.empty()) do_write();
}

void output_queue::do_write() {
  writing_.swap(pending_);
  asio::async_write(out_, asio::buffer(writing_), [this](asio::error_code error, std::size_t) {
    if (error == asio::error::operation_aborted || closed_) return;
    writing_.clear();
    if (error) {
      closed_ = true;
      if (on_closed_) on_closed_();
      return;
    }
    if (dropped_entries_ > 0) {
      pending_.append("(" + std::to_string(dropped_entries_) + " " + entries_ +
                      " not shown: output was not read fast enough)\n");
      dropped_entries_ = 0;
    }
    if (!pending_.empty()) {
      do_write();
    } else if (finishing_) {
      close();
    }
  });
}

}  // namespace udpchat
