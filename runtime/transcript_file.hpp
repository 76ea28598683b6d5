// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>

#include "append_file.hpp"
#include "log_text.hpp"

namespace udpchat {

// --transcript FILE of the hub and the room: every message relayed, one line each, appended to
// FILE as "<UTC time> <sender>____<text>" (udpchat/history_mark.hpp, append_transcript_line), and
// reopened when asked (reopen_signal.hpp) so that the file can be rotated: moved away, then a new
// one made at the next reopen. The file is made mode 0600 (append_file.hpp).
// A write or a reopen that fails is logged once, not once per message, and the server goes on
// serving; writing resumes, and the log says so, once a write or a reopen succeeds again.
// Used from the server's one thread.
class transcript_file {
 public:
  // Appends to `opened`, the file at `path`. A server opens it (append_file's constructor
  // throws std::system_error when it cannot) before it starts: one that was asked to keep a
  // transcript does not start without one.
  transcript_file(std::string path, std::unique_ptr<append_file> opened, log_sink log);

  const std::string& path() const { return path_; }
  // Appends one line for `relayed` (<sender>____<text>, as relayed: no line break in it),
  // said at `when`.
  void append(std::chrono::system_clock::time_point when, std::string_view relayed);
  // Closes the file and opens `path` again: after the file was moved away, a new one.
  void reopen();

 private:
  void failed(std::string_view what, std::error_code error);
  void succeeded();

  std::string path_;
  log_sink log_;
  std::unique_ptr<append_file> file_;  // null after a failed reopen
  std::string line_;  // reused: a message costs no allocation once it has held a longer one
  bool failing_ = false;  // a failure was logged and nothing has succeeded since
};

}  // namespace udpchat
