// SPDX-License-Identifier: GPL-3.0-or-later
#include "plain_terminal.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

#include "screen_width.hpp"

namespace udpchat {
namespace {

// Writes all of `bytes`, waiting for a slow reader. The description may be non-blocking (it
// may be shared with whoever started us, who can set that), so EAGAIN means "not yet", never
// "gone". false once the descriptor cannot be written.
bool write_waiting(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t written = ::write(fd, bytes.data(), bytes.size());
    if (written >= 0) {
      bytes.remove_prefix(static_cast<std::size_t>(written));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
    pollfd writable{fd, POLLOUT, 0};
    if (::poll(&writable, 1, -1) < 0 && errno != EINTR) return false;
  }
  return true;
}

// A server's log may fall this far behind its reader before lines are dropped.
constexpr std::size_t max_queued_output = 1024 * 1024;

}  // namespace

plain_terminal::plain_terminal(asio::io_context& io, std::size_t max_line_bytes,
                               slow_output when_slow)
    : io_{io}, max_line_bytes_{max_line_bytes}, output_is_terminal_{::isatty(STDOUT_FILENO) == 1} {
  if (when_slow == slow_output::drop) {
    output_queue_.emplace(io, standard_stream::output, max_queued_output, "lines", [this] { output_closed(); },
                          [this] {
                            if (on_output_drained_) on_output_drained_();
                          });
  }
}

void plain_terminal::start(handlers callbacks) {
  on_output_closed_ = std::move(callbacks.on_output_closed);
  on_output_drained_ = std::move(callbacks.on_output_drained);
  input_.emplace(io_, max_line_bytes_,
                 stdin_lines::handlers{std::move(callbacks.on_line), std::move(callbacks.on_too_long),
                                       std::move(callbacks.on_end)});
  input_->start();
}

void plain_terminal::show(std::string_view line) {
  if (output_closed_) return;
  std::string fitted;
  if (output_is_terminal_) {
    fitted = fit_to_terminal(line, STDOUT_FILENO);
    line = fitted;
  }
  if (output_queue_) {
    output_queue_->write(line);
    return;
  }
  std::string out;
  out.reserve(line.size() + 1);
  out.append(line).push_back('\n');
  if (!write_waiting(STDOUT_FILENO, out)) output_closed();
}

std::size_t plain_terminal::unwritten_bytes() const {
  return output_queue_ ? output_queue_->unwritten_bytes() : 0;
}

void plain_terminal::output_closed() {
  output_closed_ = true;
  if (on_output_closed_) on_output_closed_();
}

void plain_terminal::stop() {
  if (input_) input_->stop();
  // The last lines get a moment to reach a slow reader; a stalled one must not keep us running.
  if (output_queue_) output_queue_->finish(std::chrono::milliseconds{500});
}

void plain_terminal::pause_input() {
  if (input_) input_->pause();
}

void plain_terminal::resume_input() {
  if (input_) input_->resume();
}

}  // namespace udpchat
