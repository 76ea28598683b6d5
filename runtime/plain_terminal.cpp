#include "plain_terminal.hpp"

#include <cstdio>
#include <string>

namespace udpchat {

plain_terminal::plain_terminal(asio::io_context& io, std::size_t max_line_bytes)
    : io_{io}, max_line_bytes_{max_line_bytes} {}

void plain_terminal::start(handlers callbacks) {
  on_output_closed_ = std::move(callbacks.on_output_closed);
  input_.emplace(io_, max_line_bytes_,
                 stdin_lines::handlers{std::move(callbacks.on_line), std::move(callbacks.on_too_long),
                                       std::move(callbacks.on_end)});
  input_->start();
}

void plain_terminal::show(std::string_view line) {
  std::string out;
  out.reserve(line.size() + 1);
  out.append(line).push_back('\n');
  if (output_closed_) return;
  const bool written = std::fwrite(out.data(), 1, out.size(), stdout) == out.size();
  if (!written || std::fflush(stdout) != 0) {
    output_closed_ = true;
    on_output_closed_();
  }
}

void plain_terminal::stop() {
  if (input_) input_->stop();
}

}  // namespace udpchat
