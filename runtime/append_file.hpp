// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace udpchat {

// A file written only at its end, as a log is: each write goes to the end of the file as it is
// then, whoever else appends to it. Made new with only its owner allowed to read and write it
// (mode 0600, open(2)'s O_CREAT with O_APPEND) on POSIX systems; on Windows, where files have no
// such mode, with the permissions its folder hands down. One file per platform:
// append_file_posix.cpp, append_file_windows.cpp.
class append_file {
 public:
  // Opens `path` for appending, making it if it is not there; throws std::system_error (the
  // system's reason: no such directory, permission denied) when it cannot.
  explicit append_file(const std::string& path);
  ~append_file();
  append_file(const append_file&) = delete;
  append_file& operator=(const append_file&) = delete;

  // Writes all of `bytes` at the end of the file, unbuffered; the system's reason on failure
  // (no space left, a quota), when part of it may have been written.
  std::error_code write(std::string_view bytes);

 private:
  struct handle;
  std::unique_ptr<handle> handle_;
};

}  // namespace udpchat
