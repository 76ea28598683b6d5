#pragma once

#include <fcntl.h>
#include <unistd.h>

namespace udpchat {

// asio makes a descriptor it waits on non-blocking, and for standard input that flag lives in
// the terminal or pipe shared with the shell that started us. This remembers stdin's flags when
// made and puts them back on restore() or destruction, so the shell is not left non-blocking.
class inherited_stdin_flags {
 public:
  inherited_stdin_flags() : flags_{::fcntl(STDIN_FILENO, F_GETFL)} {}
  ~inherited_stdin_flags() { restore(); }
  inherited_stdin_flags(const inherited_stdin_flags&) = delete;
  inherited_stdin_flags& operator=(const inherited_stdin_flags&) = delete;

  void restore() const {
    if (flags_ != -1) ::fcntl(STDIN_FILENO, F_SETFL, flags_);
  }

 private:
  int flags_;
};

}  // namespace udpchat
