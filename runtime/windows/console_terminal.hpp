// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <windows.h>

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "nonblocking_output.hpp"
#include "terminal.hpp"
#include "udpchat/line_editor.hpp"
#include "windows/blocking_reads.hpp"

namespace udpchat::windows {

// The Windows console when both standard input and output are one: the console's own line
// editing is switched off, key events are read (ReadConsoleInputW, on a reader thread, see
// blocking_reads) and the line being typed is kept and echoed here (line_editor), drawn with
// CR and blanks alone (draw_edit_line says why). An incoming line clears the line being
// typed, prints, and redraws the prompt and the typed text, as readline_terminal does on POSIX
// terminals. Text goes out as UTF-16 (WriteConsoleW), so UTF-8 shows right whatever the
// console's code page.
//
// Keys: characters (UTF-16 surrogate pairs joined), Backspace, Delete, Left, Right, Home, End,
// Up and Down (history), Enter; Ctrl-A, Ctrl-E and Ctrl-U as in readline; Ctrl-D on an empty
// line and Ctrl-Z end the input. Ctrl-C is left to the console (ENABLE_PROCESSED_INPUT), which
// raises SIGINT.
//
// With slow_output::wait, output goes to the console with blocking writes on the io thread (a
// console stops taking output while a person selects text in it); with slow_output::drop it
// goes through a nonblocking_output, and past a bound whole shown lines are left out and
// counted, as readline_terminal does.
class console_terminal final : public terminal {
 public:
  console_terminal(asio::io_context& io, std::size_t max_line_bytes, const char* prompt, slow_output when_slow);
  ~console_terminal() override;
  console_terminal(const console_terminal&) = delete;
  console_terminal& operator=(const console_terminal&) = delete;

  void start(handlers callbacks) override;
  void show(std::string_view line) override;
  void stop() override;
  void pause_input() override;
  void resume_input() override;
  std::size_t unwritten_bytes() const override;

 private:
  void do_read();
  void handle_events();
  void handle_key(const KEY_EVENT_RECORD& key);
  void enter();
  void end_of_input();
  void redraw();
  void print(std::string_view line);
  void write(std::string_view bytes);
  void after_write();

  asio::io_context& io_;
  HANDLE input_handle_;
  HANDLE output_handle_;
  DWORD inherited_input_mode_ = 0;
  DWORD inherited_output_mode_ = 0;
  std::size_t max_line_bytes_;
  std::string prompt_;
  handlers handlers_;
  line_editor editor_;
  utf16_assembler typed_units_;
  std::optional<blocking_reads<std::vector<INPUT_RECORD>>> input_;
  std::deque<INPUT_RECORD> events_;          // read, not handled yet (input paused meanwhile)
  std::optional<nonblocking_output> queue_;  // with slow_output::drop
  std::string carry_;                        // of blocking writes: a UTF-8 sequence cut short
  std::size_t dropped_lines_ = 0;
  bool drawing_lost_ = false;
  bool running_ = false;
  bool paused_ = false;
  bool reading_ = false;
  bool in_line_handler_ = false;  // the handlers of an entered line are running
};

}  // namespace udpchat::windows
