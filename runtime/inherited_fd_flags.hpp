// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <fcntl.h>
#include <unistd.h>

namespace udpchat {

// asio makes a descriptor it works on non-blocking, and for standard input or output that flag
// lives in the terminal or pipe shared with the shell that started us. This remembers a
// descriptor's flags when made and puts them back on restore() or destruction, so the shell is
// not left with a non-blocking terminal.
class inherited_fd_flags {
 public:
  explicit inherited_fd_flags(int fd) : fd_{fd}, flags_{::fcntl(fd, F_GETFL)} {}
  ~inherited_fd_flags() { restore(); }
  inherited_fd_flags(const inherited_fd_flags&) = delete;
  inherited_fd_flags& operator=(const inherited_fd_flags&) = delete;

  void restore() const {
    if (flags_ != -1) ::fcntl(fd_, F_SETFL, flags_);
  }

 private:
  int fd_;
  int flags_;
};

}  // namespace udpchat
