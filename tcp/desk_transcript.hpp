// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One help-desk conversation written down (udpchat-desk --transcript-dir DIR): a file of its
// own in DIR, mode 0600, named by the desk alone ("<start, UTC>-<customer number>.txt", with
// "-2", "-3", ... before ".txt" if that name is taken), never by anything a customer sent.
//
//   customer #3 Maria 192.0.2.7:41000
//   start 2026-11-30T10:00:00Z
//   2026-11-30T10:00:00Z waiting, number 1 in the queue
//   2026-11-30T10:00:04Z customer: my printer is on fire
//   2026-11-30T10:00:09Z taken by bob
//   2026-11-30T10:00:12Z agent bob: have you tried water?
//   2026-11-30T10:01:00Z transferred from bob to carol
//   end 2026-11-30T10:02:00Z: left
//
// Times are UTC (RFC 3339, to the second). Text from either side is escaped as for a terminal
// (udpchat/terminal_safe.hpp), so every entry is one line. Writing is synchronous: one small
// write() a line, appended. A failure (disk full, directory gone) is logged once, and the
// conversation goes on without its transcript.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "log_text.hpp"

namespace udpchat {

class desk_transcript {
 public:
  // Creates the file in `directory` and writes its first two lines; nullptr (after logging
  // why) when it cannot.
  static std::unique_ptr<desk_transcript> open(const std::string& directory, std::uint64_t id,
                                               std::string_view name, std::string_view address,
                                               std::chrono::system_clock::time_point start, const log_sink& log);
  ~desk_transcript();
  desk_transcript(const desk_transcript&) = delete;
  desk_transcript& operator=(const desk_transcript&) = delete;

  // "<time> <entry>": `entry` is written as given; escape what came from a peer first.
  void record(std::string_view entry);
  // "end <time>: <why>", and the file is closed.
  void end(std::string_view why);
  const std::string& path() const { return path_; }

 private:
  desk_transcript(int fd, std::string path, log_sink log) : fd_{fd}, path_{std::move(path)}, log_{std::move(log)} {}
  void write_line(std::string line);

  int fd_;
  std::string path_;
  log_sink log_;
};

}  // namespace udpchat
