// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <asio/signal_set.hpp>

namespace udpchat {

// Adds to `signals` the signals after which a program ends the way 'quit' ends it: SIGINT
// (Ctrl-C), SIGTERM (kill, a service manager) and SIGHUP (the terminal was closed: a window, an
// ssh session, `tmux kill-session`). A signal the program was started with ignored stays
// ignored, as nohup(1) and a shell starting a background job without job control (SIGINT) ask.
// On Windows: SIGINT (Ctrl-C), SIGBREAK (Ctrl-Break) and SIGTERM, which a closed console window,
// a logoff or a shutdown raises (see ending_signals_windows.cpp).
// Without `hangup_ends`, SIGHUP is left out: a server that reopens its files on it
// (reopen_signal.hpp) must not also end. Windows has no SIGHUP and ignores it.
void add_ending_signals(asio::signal_set& signals, bool hangup_ends = true);

// Makes a write to a pipe or socket whose reader has gone fail (EPIPE) rather than end the
// program (SIGPIPE ignored, signal(7)), so that a closed stdout lets it still leave properly.
// Nothing to do on Windows, where such a write only fails.
void ignore_broken_pipe_signal();

}  // namespace udpchat
