// SPDX-License-Identifier: GPL-3.0-or-later
#include "windows/pipe_terminal.hpp"

#include <array>

#include "screen_width.hpp"
#include "udpchat/line_editor.hpp"
#include "windows/standard_handle.hpp"

namespace udpchat::windows {
namespace {

// A server's log may fall this far behind its reader before lines are dropped (as on POSIX).
constexpr std::size_t max_queued_log = 1024 * 1024;
constexpr std::size_t read_size = 16384;

// One blocking read of `input`: bytes, or the end. A console is read as UTF-16 (ReadConsoleW,
// the console's own line editing) and converted; a line that starts with Ctrl-Z ends the input,
// as it does for Windows' own programs.
input_chunk read_input(HANDLE input, bool console) {
  input_chunk chunk;
  if (console) {
    std::array<wchar_t, read_size / 4> units{};
    DWORD count = 0;
    if (ReadConsoleW(input, units.data(), static_cast<DWORD>(units.size()), &count, nullptr) == 0 || count == 0 ||
        units[0] == 0x1A) {
      chunk.ended = true;
      return chunk;
    }
    utf16_assembler assembler;
    for (DWORD i = 0; i < count; ++i) chunk.bytes += assembler.add(static_cast<char16_t>(units[i]));
    return chunk;
  }
  chunk.bytes.resize(read_size);
  DWORD count = 0;
  // A pipe whose writers have all gone fails with ERROR_BROKEN_PIPE; a file ends with 0 bytes.
  if (ReadFile(input, chunk.bytes.data(), static_cast<DWORD>(read_size), &count, nullptr) == 0 || count == 0) {
    chunk.bytes.clear();
    chunk.ended = true;
    return chunk;
  }
  chunk.bytes.resize(count);
  return chunk;
}

}  // namespace

pipe_terminal::pipe_terminal(asio::io_context& io, std::size_t max_line_bytes, slow_output when_slow)
    : io_{io},
      output_{GetStdHandle(STD_OUTPUT_HANDLE)},
      output_is_console_{is_console(output_)},
      framer_{max_line_bytes} {
  if (when_slow == slow_output::drop) {
    output_queue_.emplace(io, standard_stream::output, max_queued_log, "lines", [this] { output_closed(); },
                          [this] {
                            if (handlers_.on_output_drained) handlers_.on_output_drained();
                          });
  }
}

pipe_terminal::~pipe_terminal() { stop(); }

void pipe_terminal::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  const HANDLE input = GetStdHandle(STD_INPUT_HANDLE);
  if (input == nullptr || input == INVALID_HANDLE_VALUE) {
    asio::post(io_, [this] {
      if (!stopped_) handlers_.on_end();
    });
    return;
  }
  const bool console = is_console(input);
  input_.emplace(io_, [input, console](HANDLE) { return read_input(input, console); });
  do_read();
}

void pipe_terminal::do_read() {
  if (paused_ || reading_ || stopped_ || !input_) return;
  reading_ = true;
  input_->request([this](input_chunk chunk) {
    reading_ = false;
    take(std::move(chunk));
  });
}

void pipe_terminal::take(input_chunk chunk) {
  framer_.append(chunk.bytes);
  hand_over_frames(
      framer_, [this](std::string_view line) { handlers_.on_line(line); }, [this] { handlers_.on_too_long(); },
      [this] { return !stopped_; });
  if (stopped_) return;
  if (chunk.ended) {
    const frame last = framer_.take_unterminated();
    if (last.status == frame_status::line) handlers_.on_line(last.line);
    if (last.status == frame_status::too_long) handlers_.on_too_long();
    if (!stopped_) handlers_.on_end();
    return;
  }
  do_read();
}

void pipe_terminal::show(std::string_view line) {
  if (output_closed_) return;
  std::string fitted;
  if (output_is_console_) {
    fitted = fit_to_terminal(line, 1);
    line = fitted;
  }
  if (output_queue_) {
    output_queue_->write(line);
    return;
  }
  std::string out;
  out.reserve(line.size() + 1);
  out.append(line).push_back('\n');
  // slow_output::wait: a blocking write, as asked.
  if (write_whole(output_, output_is_console_, out, carry_) != 0) output_closed();
}

std::size_t pipe_terminal::unwritten_bytes() const { return output_queue_ ? output_queue_->unwritten_bytes() : 0; }

void pipe_terminal::output_closed() {
  output_closed_ = true;
  if (handlers_.on_output_closed) handlers_.on_output_closed();
}

void pipe_terminal::stop() {
  if (stopped_) return;
  stopped_ = true;
  if (input_) input_->stop();
  // The last lines get a moment to reach a slow reader; a stalled one must not keep us running.
  if (output_queue_) output_queue_->finish(std::chrono::milliseconds{500});
}

void pipe_terminal::pause_input() { paused_ = true; }

void pipe_terminal::resume_input() {
  paused_ = false;
  do_read();
}

}  // namespace udpchat::windows
