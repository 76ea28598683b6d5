// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <optional>

#include "stdin_lines.hpp"
#include "output_queue.hpp"
#include "terminal.hpp"

namespace udpchat {

// For pipes and files: lines from stdin, and every shown line handed to stdout at once, so
// whoever reads it sees each line as it comes. When stdout is a terminal (stdin piped, say), a
// shown line is wrapped to its width with each further row marked (fit_to_terminal).
class plain_terminal final : public terminal {
 public:
  plain_terminal(asio::io_context& io, std::size_t max_line_bytes, slow_output when_slow);
  void start(handlers callbacks) override;
  void show(std::string_view line) override;
  void stop() override;
  void pause_input() override;
  void resume_input() override;
  std::size_t unwritten_bytes() const override;

 private:
  void output_closed();

  asio::io_context& io_;
  std::size_t max_line_bytes_;
  bool output_is_terminal_;
  std::optional<stdin_lines> input_;
  std::optional<output_queue> output_queue_;  // when slow_output::drop
  std::function<void()> on_output_closed_;
  std::function<void()> on_output_drained_;
  bool output_closed_ = false;
};

}  // namespace udpchat
