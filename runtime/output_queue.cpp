// SPDX-License-Identifier: GPL-3.0-or-later
#include "output_queue.hpp"

namespace udpchat {

output_queue::output_queue(asio::io_context& io, standard_stream stream, std::size_t max_queued_bytes,
                           std::string entries, std::function<void()> on_closed,
                           std::function<void()> on_drained)
    : max_queued_bytes_{max_queued_bytes},
      entries_{std::move(entries)},
      on_drained_{std::move(on_drained)},
      out_{io, stream, [this] { after_write(); }, std::move(on_closed)} {}

void output_queue::write(std::string_view entry) {
  if (out_.closed()) return;
  if (out_.unwritten_bytes() + entry.size() + 1 > max_queued_bytes_) {
    ++dropped_entries_;
    return;
  }
  entry_.assign(entry).push_back('\n');
  out_.write(entry_);
}

void output_queue::after_write() {
  if (dropped_entries_ > 0) {
    out_.write(dropped_entries_note(dropped_entries_, entries_) + "\n");
    dropped_entries_ = 0;
  }
  if (out_.unwritten_bytes() == 0 && on_drained_) on_drained_();
}

std::string dropped_entries_note(std::size_t dropped, std::string_view entries) {
  std::string note = "(" + std::to_string(dropped) + " ";
  note.append(entries).append(" not shown: output was not read fast enough)");
  return note;
}

}  // namespace udpchat
