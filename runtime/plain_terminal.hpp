#pragma once

#include <optional>

#include "stdin_lines.hpp"
#include "terminal.hpp"

namespace udpchat {

// For pipes and files: lines from stdin, every shown line written and flushed at once so that
// scripts reading stdout see each line as it comes.
class plain_terminal final : public terminal {
 public:
  plain_terminal(asio::io_context& io, std::size_t max_line_bytes);
  void start(handlers callbacks) override;
  void show(std::string_view line) override;
  void stop() override;

 private:
  asio::io_context& io_;
  std::size_t max_line_bytes_;
  std::optional<stdin_lines> input_;
  std::function<void()> on_output_closed_;
  bool output_closed_ = false;
};

}  // namespace udpchat
