// SPDX-License-Identifier: GPL-3.0-or-later
#include "desk_transcript.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "udpchat/history_mark.hpp"

namespace udpchat {
namespace {

// "20261130T101512Z": the time as utc_time_text writes it, without the separators a file name
// is better without (ISO 8601's basic format).
std::string file_name_time(std::chrono::system_clock::time_point when) {
  std::string text = utc_time_text(when);
  std::erase_if(text, [](char each) { return each == '-' || each == ':'; });
  return text;
}

}  // namespace

std::unique_ptr<desk_transcript> desk_transcript::open(const std::string& directory, std::uint64_t id,
                                                       std::string_view name, std::string_view address,
                                                       std::chrono::system_clock::time_point start,
                                                       const log_sink& log) {
  const std::string stem = directory + "/" + file_name_time(start) + "-" + std::to_string(id);
  constexpr int tries = 100;
  for (int attempt = 1; attempt <= tries; ++attempt) {
    std::string path = stem + (attempt == 1 ? "" : "-" + std::to_string(attempt)) + ".txt";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0 && errno == EEXIST) continue;
    if (fd < 0) {
      log("transcript of #" + std::to_string(id) + " not kept: cannot create " + path + ": " + std::strerror(errno));
      return nullptr;
    }
    auto transcript = std::unique_ptr<desk_transcript>{new desk_transcript{fd, std::move(path), log}};
    transcript->write_line("customer #" + std::to_string(id) + " " + std::string{name} + " " + std::string{address});
    transcript->write_line("start " + utc_time_text(start));
    return transcript;
  }
  log("transcript of #" + std::to_string(id) + " not kept: " + stem + ".txt and " + std::to_string(tries - 1) +
      " more names are taken");
  return nullptr;
}

desk_transcript::~desk_transcript() {
  if (fd_ >= 0) ::close(fd_);
}

void desk_transcript::record(std::string_view entry) {
  write_line(utc_time_text(std::chrono::system_clock::now()) + " " + std::string{entry});
}

void desk_transcript::end(std::string_view why) {
  write_line("end " + utc_time_text(std::chrono::system_clock::now()) + ": " + std::string{why});
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void desk_transcript::write_line(std::string line) {
  if (fd_ < 0) return;
  line.push_back('\n');
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t written = ::write(fd_, rest.data(), rest.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      log_("transcript " + path_ + ": cannot write (" + (written < 0 ? std::strerror(errno) : "nothing written") +
           "); the conversation goes on without it");
      ::close(fd_);
      fd_ = -1;
      return;
    }
    rest.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace udpchat
