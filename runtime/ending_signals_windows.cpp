// SPDX-License-Identifier: GPL-3.0-or-later
#include "ending_signals.hpp"

#include <windows.h>

#include <csignal>
#include <mutex>

namespace udpchat {
namespace {

// How long the program may take to leave after its console window is closed: Windows ends it
// anyway some 5 s after the event (SetConsoleCtrlHandler's documentation).
constexpr DWORD close_grace_ms = 4000;

// Windows reports a closed console window, a logoff and a shutdown as console events, which the
// C library maps to no signal. This raises SIGTERM for them in the handler's thread (where the
// C library raises SIGINT for Ctrl-C too), so the program leaves the way 'quit' leaves, and then
// holds the event until the program has ended: returning would end the process at once.
BOOL WINAPI on_console_event(DWORD event) {
  if (event != CTRL_CLOSE_EVENT && event != CTRL_LOGOFF_EVENT && event != CTRL_SHUTDOWN_EVENT) {
    return FALSE;  // Ctrl-C and Ctrl-Break: the C library's handler raises SIGINT and SIGBREAK
  }
  std::raise(SIGTERM);
  Sleep(close_grace_ms);
  return TRUE;
}

}  // namespace

// SIGINT (Ctrl-C), SIGBREAK (Ctrl-Break), SIGTERM (raised for a closed console window, see
// above). Windows has no way to start a program with a signal ignored, so all are added.
void add_ending_signals(asio::signal_set& signals, bool /*hangup_ends*/) {
  static std::once_flag handler_installed;
  std::call_once(handler_installed, [] { SetConsoleCtrlHandler(&on_console_event, TRUE); });
  signals.add(SIGINT);
  signals.add(SIGBREAK);
  signals.add(SIGTERM);
}

void ignore_broken_pipe_signal() {}

}  // namespace udpchat
