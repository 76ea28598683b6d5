// SPDX-License-Identifier: GPL-3.0-or-later
#include "ending_signals.hpp"

#include <csignal>
#include <initializer_list>

namespace udpchat {

void add_ending_signals(asio::signal_set& signals, bool hangup_ends) {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    if (signal_number == SIGHUP && !hangup_ends) continue;
    struct sigaction inherited{};
    if (::sigaction(signal_number, nullptr, &inherited) == 0 && inherited.sa_handler == SIG_IGN) continue;
    signals.add(signal_number);
  }
}

void ignore_broken_pipe_signal() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace udpchat
