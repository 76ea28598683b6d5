// SPDX-License-Identifier: GPL-3.0-or-later
#include "stdin_lines.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <asio/error.hpp>
#include <asio/post.hpp>

#include "own_descriptor.hpp"

namespace udpchat {

stdin_lines::stdin_lines(asio::io_context& io, std::size_t max_line_bytes, handlers callbacks)
    : input_{io}, framer_{max_line_bytes}, handlers_{std::move(callbacks)} {}

stdin_lines::~stdin_lines() { stop(); }

void stdin_lines::start() {
  // Our own descriptor: closing it never closes the process's descriptor 0.
  const int fd = own_descriptor(STDIN_FILENO, O_RDONLY);
  struct stat status{};
  asio::error_code error;
  if (fd >= 0 && ::fstat(fd, &status) == 0 && S_ISSOCK(status.st_mode)) {
    // A socket cannot be opened anew, so `fd` shares its description with stdout (socat EXEC:,
    // ncat --exec, inetd): waiting on it through asio would make the writes non-blocking too.
    socket_ = fd;
    const int watch = readiness_descriptor(fd, EPOLLIN);
    if (watch >= 0) {
      input_.assign(watch, error);
      if (error) ::close(watch);
    }
    if (watch < 0 || error) {
      asio::post(input_.get_executor(), [this] { handlers_.on_end(); });
      return;
    }
    do_read();
    return;
  }
  if (fd >= 0) {
    input_.assign(fd, error);
    if (error) ::close(fd);
  }
  if (fd < 0 || error) {
    asio::post(input_.get_executor(), [this] { handlers_.on_end(); });
    return;
  }
  do_read();
}

void stdin_lines::stop() {
  stopped_ = true;
  asio::error_code ignored;
  input_.close(ignored);
  if (socket_ >= 0) ::close(socket_);
  socket_ = -1;
  inherited_flags_.restore();
}

void stdin_lines::pause() { paused_ = true; }

void stdin_lines::resume() {
  paused_ = false;
  if (!reading_ && !stopped_ && input_.is_open()) do_read();
}

void stdin_lines::do_read() {
  if (paused_) return;
  reading_ = true;
  if (socket_ >= 0) {
    // Readiness from the epoll instance, and a receive that is non-blocking by its flag: the
    // socket's own mode stays as it was.
    input_.async_wait(asio::posix::stream_descriptor::wait_read, [this](asio::error_code error) {
      reading_ = false;
      if (stopped_ || error == asio::error::operation_aborted) return;
      std::size_t size = 0;
      if (!error) {
        const ssize_t received = ::recv(socket_, chunk_.data(), chunk_.size(), MSG_DONTWAIT);
        if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
          do_read();
          return;
        }
        if (received > 0) {
          size = static_cast<std::size_t>(received);
        } else {
          error = received == 0 ? asio::error::eof : asio::error_code{errno, asio::system_category()};
        }
      }
      take(error, size);
    });
    return;
  }
  input_.async_read_some(asio::buffer(chunk_), [this](asio::error_code error, std::size_t size) {
    reading_ = false;
    if (stopped_ || error == asio::error::operation_aborted) {
      return;
    }
    take(error, size);
  });
}

void stdin_lines::take(asio::error_code error, std::size_t size) {
  framer_.append(std::string_view{chunk_.data(), size});
  deliver_lines();
  if (stopped_) {
    return;
  }
  if (error) {
    const frame last = framer_.take_unterminated();
    if (last.status == frame_status::line) handlers_.on_line(last.line);
    if (last.status == frame_status::too_long) handlers_.on_too_long();
    if (!stopped_) handlers_.on_end();
    return;
  }
  do_read();
}

void stdin_lines::deliver_lines() {
  hand_over_frames(
      framer_, [this](std::string_view line) { handlers_.on_line(line); },
      [this] { handlers_.on_too_long(); }, [this] { return !stopped_; });
}

}  // namespace udpchat
