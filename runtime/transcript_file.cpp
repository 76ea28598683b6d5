// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcript_file.hpp"

#include "udpchat/history_mark.hpp"

namespace udpchat {

transcript_file::transcript_file(std::string path, std::unique_ptr<append_file> opened, log_sink log)
    : path_{std::move(path)}, log_{std::move(log)}, file_{std::move(opened)} {}

void transcript_file::append(std::chrono::system_clock::time_point when, std::string_view relayed) {
  if (!file_) return;  // the last reopen failed; the next one may succeed
  line_.clear();
  append_transcript_line(line_, when, relayed);
  line_ += '\n';
  if (const std::error_code error = file_->write(line_)) {
    failed("cannot write to", error);
  } else {
    succeeded();
  }
}

void transcript_file::reopen() {
  file_.reset();
  try {
    file_ = std::make_unique<append_file>(path_);
  } catch (const std::system_error& error) {
    failed("cannot reopen", error.code());
    return;
  }
  log_("transcript: reopened " + path_);
  failing_ = false;
}

void transcript_file::failed(std::string_view what, std::error_code error) {
  if (failing_) return;
  failing_ = true;
  log_("transcript: " + std::string{what} + " " + path_ + ": " + error.message() +
       "; serving goes on, without the messages, until writing works again");
}

void transcript_file::succeeded() {
  if (!failing_) return;
  failing_ = false;
  log_("transcript: writing to " + path_ + " again");
}

}  // namespace udpchat
