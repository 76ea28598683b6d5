// SPDX-License-Identifier: GPL-3.0-or-later
#include "output_channel.hpp"

#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include <asio/error.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/write.hpp>

#include "inherited_fd_flags.hpp"
#include "own_descriptor.hpp"

namespace udpchat {
namespace {

// Writes through asio on a descriptor of our own for the stream (own_descriptor), so the
// non-blocking mode asio sets stays off the description the shell shares.
class descriptor_channel final : public output_channel {
 public:
  descriptor_channel(asio::io_context& io, int fd) : inherited_flags_{fd}, out_{io} {}
  ~descriptor_channel() override {
    close();
    if (socket_ >= 0) ::close(socket_);
  }

  // false when the stream cannot be written at all.
  bool open(int fd) {
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
        return false;
      }
      return true;
    }
    if (own >= 0) out_.assign(own, error);
    if (own < 0 || error) {
      if (own >= 0) ::close(own);
      return false;
    }
    return true;
  }

  void write_all(std::string_view bytes, std::function<void(asio::error_code)> done) override {
    writing_ = bytes;
    done_ = std::move(done);
    if (socket_ >= 0) {
      sent_ = 0;
      do_send();
      return;
    }
    asio::async_write(out_, asio::buffer(writing_.data(), writing_.size()),
                      [done = std::move(done_)](asio::error_code error, std::size_t) { done(error); });
  }

  void close() override {
    asio::error_code ignored;
    out_.close(ignored);
  }

 private:
  void do_send() {
    // The epoll instance is readable while the socket is writable.
    out_.async_wait(asio::posix::stream_descriptor::wait_read, [this](asio::error_code error) {
      if (error == asio::error::operation_aborted) return;  // closed: this may be gone
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
      // Moved out first: `done` may start the next write, which sets done_ afresh.
      const auto done = std::move(done_);
      done(error);
    });
  }

  inherited_fd_flags inherited_flags_;
  asio::posix::stream_descriptor out_;
  std::string_view writing_;  // the bytes of the write in flight
  std::function<void(asio::error_code)> done_;
  int socket_ = -1;       // the socket written with send(MSG_DONTWAIT), if the stream is one; out_ watches it
  std::size_t sent_ = 0;  // of writing_, with a socket
};

}  // namespace

std::unique_ptr<output_channel> open_output_channel(asio::io_context& io, standard_stream stream) {
  const int fd = stream == standard_stream::output ? STDOUT_FILENO : STDERR_FILENO;
  auto channel = std::make_unique<descriptor_channel>(io, fd);
  if (!channel->open(fd)) return nullptr;
  return channel;
}

}  // namespace udpchat
