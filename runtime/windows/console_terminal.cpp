// SPDX-License-Identifier: GPL-3.0-or-later
#include "windows/console_terminal.hpp"

#include <algorithm>
#include <csignal>

#include "output_queue.hpp"
#include "screen_width.hpp"
#include "windows/standard_handle.hpp"

namespace udpchat::windows {
namespace {

// As readline_terminal: how far a console that is not taking output (a selection being made in
// it) may fall behind before shown lines are left out, and how much of the terminal's own
// drawing may go past that, so a shown line is never left half drawn.
constexpr std::size_t max_queued_output = 256 * 1024;
constexpr std::size_t drawing_allowance = 16 * 1024;
constexpr std::chrono::milliseconds finish_grace{500};
constexpr DWORD events_per_read = 128;

// Waits for console input events or the stop event, then reads what has come. Empty when the
// input cannot be read any more or the reads were stopped.
std::vector<INPUT_RECORD> read_events(HANDLE input, HANDLE stop_event) {
  const HANDLE waits[2] = {stop_event, input};
  for (;;) {
    if (WaitForMultipleObjects(2, waits, FALSE, INFINITE) != WAIT_OBJECT_0 + 1) return {};
    DWORD waiting = 0;
    if (GetNumberOfConsoleInputEvents(input, &waiting) == 0) return {};
    if (waiting == 0) continue;
    std::vector<INPUT_RECORD> records(std::min(waiting, events_per_read));
    DWORD count = 0;
    if (ReadConsoleInputW(input, records.data(), static_cast<DWORD>(records.size()), &count) == 0) return {};
    records.resize(count);
    if (count > 0) return records;
  }
}

// A shown line as rows for the console: wrapped to its width, each row ended by CR LF (the
// console moves down on LF only in some modes).
std::string console_rows(std::string_view line) {
  const std::string rows = fit_to_terminal(line, 1);
  std::string out;
  out.reserve(rows.size() + 8);
  for (const char each : rows) {
    if (each == '\n') out += '\r';
    out += each;
  }
  out += "\r\n";
  return out;
}

bool held(const KEY_EVENT_RECORD& key, DWORD keys) { return (key.dwControlKeyState & keys) != 0; }

}  // namespace

console_terminal::console_terminal(asio::io_context& io, std::size_t max_line_bytes, const char* prompt,
                                   slow_output when_slow)
    : io_{io},
      input_handle_{GetStdHandle(STD_INPUT_HANDLE)},
      output_handle_{GetStdHandle(STD_OUTPUT_HANDLE)},
      max_line_bytes_{max_line_bytes},
      prompt_{prompt} {
  GetConsoleMode(input_handle_, &inherited_input_mode_);
  GetConsoleMode(output_handle_, &inherited_output_mode_);
  if (when_slow == slow_output::drop) {
    queue_.emplace(io, standard_stream::output, [this] { after_write(); }, [this] {
      if (handlers_.on_output_closed) handlers_.on_output_closed();
    });
  }
}

console_terminal::~console_terminal() {
  stop();
  queue_.reset();
  SetConsoleMode(output_handle_, inherited_output_mode_);
}

void console_terminal::start(handlers callbacks) {
  handlers_ = std::move(callbacks);
  // Key events one by one, no echo; Ctrl-C stays with the console, which raises SIGINT.
  // QuickEdit (selecting with the mouse) stays as the person had it.
  const DWORD input_mode = ENABLE_PROCESSED_INPUT | ENABLE_WINDOW_INPUT | ENABLE_EXTENDED_FLAGS |
                           (inherited_input_mode_ & (ENABLE_QUICK_EDIT_MODE | ENABLE_INSERT_MODE));
  SetConsoleMode(input_handle_, input_mode);
  // CR and LF act on the cursor (all the drawing needs, see draw_edit_line). VT processing
  // makes a row that fills the window's width wrap only when more follows, as shown lines are
  // wrapped for (fit_to_terminal); a console without it still draws everything else right.
  if (SetConsoleMode(output_handle_, inherited_output_mode_ | ENABLE_PROCESSED_OUTPUT |
                                         ENABLE_VIRTUAL_TERMINAL_PROCESSING) == 0) {
    SetConsoleMode(output_handle_, inherited_output_mode_ | ENABLE_PROCESSED_OUTPUT);
  }
  running_ = true;
  const HANDLE input = input_handle_;
  input_.emplace(io_, [input](HANDLE stop_event) { return read_events(input, stop_event); });
  redraw();
  do_read();
}

void console_terminal::do_read() {
  if (!running_ || paused_ || reading_ || !events_.empty()) return;
  reading_ = true;
  input_->request([this](std::vector<INPUT_RECORD> records) {
    reading_ = false;
    if (!running_) return;
    if (records.empty()) {
      end_of_input();
      return;
    }
    events_.insert(events_.end(), records.begin(), records.end());
    handle_events();
  });
}

void console_terminal::handle_events() {
  const std::string before = editor_.text();
  const std::size_t cursor_before = editor_.cursor();
  bool resized = false;
  while (running_ && !paused_ && !events_.empty()) {
    const INPUT_RECORD record = events_.front();
    events_.pop_front();
    if (record.EventType == KEY_EVENT) {
      handle_key(record.Event.KeyEvent);
    } else if (record.EventType == WINDOW_BUFFER_SIZE_EVENT) {
      resized = true;
    }
  }
  // One drawing for all the keys of a read (a paste comes as hundreds of key events).
  if (running_ && !in_line_handler_ &&
      (resized || editor_.text() != before || editor_.cursor() != cursor_before)) {
    redraw();
  }
  do_read();
}

void console_terminal::handle_key(const KEY_EVENT_RECORD& key) {
  const auto unit = static_cast<char16_t>(key.uChar.UnicodeChar);
  if (!key.bKeyDown) {
    // A character typed as Alt and digits on the numeric pad comes when Alt is let go.
    if (key.wVirtualKeyCode == VK_MENU && unit != 0) editor_.insert(typed_units_.add(unit));
    return;
  }
  const int repeat = std::max<int>(1, key.wRepeatCount);
  const bool ctrl = held(key, LEFT_CTRL_PRESSED | RIGHT_CTRL_PRESSED);
  for (int i = 0; i < repeat && running_ && !paused_; ++i) {
    switch (key.wVirtualKeyCode) {
      case VK_RETURN: enter(); continue;
      case VK_BACK: editor_.erase_before(); continue;
      case VK_DELETE: editor_.erase_at(); continue;
      case VK_LEFT: editor_.move_left(); continue;
      case VK_RIGHT: editor_.move_right(); continue;
      case VK_HOME: editor_.move_home(); continue;
      case VK_END: editor_.move_end(); continue;
      case VK_UP: editor_.history_previous(); continue;
      case VK_DOWN: editor_.history_next(); continue;
      default: break;
    }
    if (unit == 0x04 || (ctrl && key.wVirtualKeyCode == 'D')) {  // Ctrl-D: as readline, the end
      if (editor_.empty()) {                                      // on an empty line
        end_of_input();
      } else {
        editor_.erase_at();
      }
    } else if (unit == 0x1A || (ctrl && key.wVirtualKeyCode == 'Z')) {
      // Ctrl-Z: Windows' end of input, on an empty line only, as cmd has it; in a line being
      // typed it is the undo a Windows user expects, which this editor lacks: nothing happens.
      if (editor_.empty()) end_of_input();
    } else if (unit == 0x03) {
      // Ctrl-C as a key: only where the console did not take it itself. It ends the program
      // all the same, as Ctrl-C does.
      std::raise(SIGINT);
    } else if (unit == u'\r' || unit == u'\n') {
      enter();
    } else if (unit == 0x08 || unit == 0x7F) {
      editor_.erase_before();
    } else if (unit == 0x01) {  // Ctrl-A, Ctrl-E and Ctrl-U as readline has them
      editor_.move_home();
    } else if (unit == 0x05) {
      editor_.move_end();
    } else if (unit == 0x15) {
      editor_.clear();
    } else if (unit >= 0x20) {
      editor_.insert(typed_units_.add(unit));
    }
  }
}

void console_terminal::enter() {
  // The whole line stays on screen above the next prompt, wrapped as shown lines are: while
  // typed, a line longer than the row was drawn scrolled sideways, its start out of sight.
  const std::string line = editor_.accept();
  write(clear_row(terminal_columns(1)) + console_rows(std::string{prompt_} + line));
  in_line_handler_ = true;
  if (line.size() > max_line_bytes_) {
    handlers_.on_too_long();
  } else {
    handlers_.on_line(line);
  }
  in_line_handler_ = false;
  if (running_) redraw();
}

void console_terminal::end_of_input() {
  write("\r\n");
  in_line_handler_ = true;
  handlers_.on_end();
  in_line_handler_ = false;
  if (running_) redraw();
}

void console_terminal::redraw() {
  const std::string drawing = draw_edit_line(prompt_, editor_, terminal_columns(1));
  if (queue_ && queue_->unwritten_bytes() + drawing.size() > max_queued_output + drawing_allowance) {
    drawing_lost_ = true;
    return;
  }
  write(drawing);
}

void console_terminal::show(std::string_view line) {
  if (queue_) {
    if (queue_->closed()) return;
    if (queue_->unwritten_bytes() + line.size() + 1 > max_queued_output) {
      ++dropped_lines_;
      return;
    }
  }
  print(line);
}

void console_terminal::print(std::string_view line) {
  // Inside the handlers of an entered line the cursor is already at the start of a row of its
  // own, and the prompt comes once they return.
  if (!running_ || in_line_handler_) {
    write(console_rows(line));
    return;
  }
  const std::size_t columns = terminal_columns(1);
  write(clear_row(columns) + console_rows(line) + draw_edit_line(prompt_, editor_, columns));
}

void console_terminal::write(std::string_view bytes) {
  if (queue_) {
    queue_->write(bytes);
  } else {
    write_whole(output_handle_, true, bytes, carry_);
  }
}

void console_terminal::after_write() {
  if (dropped_lines_ > 0) {
    const std::size_t dropped = dropped_lines_;
    dropped_lines_ = 0;
    drawing_lost_ = false;
    print(dropped_entries_note(dropped, "lines"));
  } else if (drawing_lost_) {
    drawing_lost_ = false;
    if (running_) redraw();
  }
  if (queue_->unwritten_bytes() == 0 && handlers_.on_output_drained) handlers_.on_output_drained();
}

std::size_t console_terminal::unwritten_bytes() const { return queue_ ? queue_->unwritten_bytes() : 0; }

void console_terminal::pause_input() { paused_ = true; }

void console_terminal::resume_input() {
  if (!paused_) return;
  paused_ = false;
  if (running_ && !events_.empty()) {
    // Handled after the caller returns, as a read's completion would be.
    asio::post(io_, [this] {
      if (running_ && !paused_) handle_events();
    });
    return;
  }
  do_read();
}

void console_terminal::stop() {
  if (!running_) return;
  running_ = false;
  if (input_) input_->stop();
  // The prompt and the typed text go; what comes next starts at the beginning of a row.
  if (!in_line_handler_) write(clear_row(terminal_columns(1)));
  SetConsoleMode(input_handle_, inherited_input_mode_);
  if (queue_) queue_->finish(finish_grace);
}

}  // namespace udpchat::windows
