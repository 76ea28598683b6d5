// SPDX-License-Identifier: GPL-3.0-or-later
#include "nonblocking_output.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <asio/write.hpp>

#include "own_descriptor.hpp"

namespace udpchat {

nonblocking_output::nonblocking_output(asio::io_context& io, int fd, std::function<void()> after_write,
                                       std::function<void()> on_closed)
    : inherited_flags_{fd},
      out_{io},
      after_write_{std::move(after_write)},
      on_closed_{std::move(on_closed)},
      start_timer_{io},
      grace_timer_{io} {
  const int own = own_descriptor(fd, O_WRONLY);
  asio::error_code error;
  struct stat status{};
  if (own >= 0 && ::fstat(own, &status) == 0 && S_ISSOCK(status.st_mode)) {
    // A socket shares its mode with whoever else holds it (stdin is often the same socket), so
    // asio waits on an epoll instance watching it, and each send is non-blocking by its flag.
    socket_ = own;
    const int watch = readiness_descriptor(own, EPOLLOUT);
    if (watch >= 0) out_.assign(watch, error);
    if (watch < 0 || error) {
      if (watch >= 0) ::close(watch);
      closed_ = true;
    }
    return;
  }
  if (own >= 0) out_.assign(own, error);
  if (own < 0 || error) {
    if (own >= 0) ::close(own);
    closed_ = true;
  }
}

nonblocking_output::~nonblocking_output() {
  close();
  if (socket_ >= 0) ::close(socket_);
}

void nonblocking_output::close() {
  closed_ = true;
  start_timer_.cancel();
  grace_timer_.cancel();
  asio::error_code ignored;
  out_.close(ignored);
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
  start_timer_.expires_after(std::chrono::steady_clock::duration::zero());
  start_timer_.async_wait([this](asio::error_code error) {
    if (error) return;  // cancelled: this object may be gone
    start_scheduled_ = false;
    if (!closed_ && !pending_.empty()) do_write();
  });
}

void nonblocking_output::do_write() {
  writing_.swap(pending_);
  if (socket_ >= 0) {
    sent_ = 0;
    do_send();
    return;
  }
  asio::async_write(out_, asio::buffer(writing_), [this](asio::error_code error, std::size_t) {
    if (error == asio::error::operation_aborted || closed_) return;
    written(error);
  });
}

void nonblocking_output::do_send() {
  // The epoll instance is readable while the socket is writable.
  out_.async_wait(asio::posix::stream_descriptor::wait_read, [this](asio::error_code error) {
    if (error == asio::error::operation_aborted || closed_) return;
    while (!error && sent_ < writing_.size()) {
      const ssize_t sent = ::send(socket_, writing_.data() + sent_, writing_.size() - sent_,
                                  MSG_DONTWAIT | MSG_NOSIGNAL);
      if (sent >= 0) {
        sent_ += static_cast<std::size_t>(sent);
      } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
        do_send();
        return;
      } else if (errno != EINTR) {
        error = asio::error_code{errno, asio::system_category()};
      }
    }
    written(error);
  });
}

void nonblocking_output::written(asio::error_code error) {
  writing_.clear();
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
