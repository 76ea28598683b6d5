// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/io_context.hpp>
#include <functional>
#include <memory>

namespace udpchat {

// The signal that asks a server to reopen the files it writes, so that they can be rotated:
// SIGHUP, as syslog daemons take it and logrotate's postrotate scripts send it. While one is
// made, SIGHUP reopens instead of ending the server (add_ending_signals is then told to leave it
// out). Windows has no SIGHUP: there it does nothing, and the files stay open until the server
// ends. One file per platform: reopen_signal_posix.cpp, reopen_signal_windows.cpp.
class reopen_signal {
 public:
  // Calls `reopen` on the io_context's thread each time the signal arrives, until cancel().
  reopen_signal(asio::io_context& io, std::function<void()> reopen);
  ~reopen_signal();
  reopen_signal(const reopen_signal&) = delete;
  reopen_signal& operator=(const reopen_signal&) = delete;

  void cancel();
  // Whether this system has such a signal at all.
  static bool exists();

 private:
  struct waiter;
  std::unique_ptr<waiter> waiter_;
};

}  // namespace udpchat
