// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>

#include <asio/io_context.hpp>

namespace udpchat {

// A person's console: lines typed (or piped) in, lines shown. Every callback runs on the
// io_context's thread; the view given to on_line is valid only during the call.
class terminal {
 public:
  struct handlers {
    std::function<void(std::string_view line)> on_line;
    std::function<void()> on_too_long;  // a typed line past the maximum was dropped
    std::function<void()> on_end;       // end of input (Ctrl-D, or the pipe closed)
    std::function<void()> on_output_closed;  // stdout can no longer be written (reader gone)
    // Everything shown has been taken by stdout, after a time when some of it had not (see
    // unwritten_bytes()). May be empty.
    std::function<void()> on_output_drained;
  };

  virtual ~terminal() = default;
  virtual void start(handlers callbacks) = 0;
  // Shows one line (no newline in it) at once, without garbling a line being typed.
  virtual void show(std::string_view line) = 0;
  // Stops reading input and gives the terminal back as it was found.
  virtual void stop() = 0;
  // Reads no more input until resume_input(): what is typed or piped meanwhile waits.
  virtual void pause_input() = 0;
  virtual void resume_input() = 0;
  // Bytes handed to show() (and, on a line-editing terminal, its own drawing) that stdout has
  // not taken yet: what a terminal that never waits for its reader holds queued. 0 for one that
  // waits, once show() has returned.
  virtual std::size_t unwritten_bytes() const = 0;
};

// What showing a line does when whoever reads stdout (a pipe, or a terminal) is slow or has
// stopped: a chat terminal waits for its reader, a server never does (it drops log lines, and
// says how many).
enum class slow_output { wait, drop };

// A line-editing terminal showing `prompt` when stdin and stdout are both terminals, a plain one
// (no prompt) otherwise.
std::unique_ptr<terminal> make_terminal(asio::io_context& io, std::size_t max_line_bytes,
                                        const char* prompt, slow_output when_slow);

}  // namespace udpchat
