// SPDX-License-Identifier: GPL-3.0-or-later
#include <csignal>

#include "broken_pipe.hpp"

namespace udpchat {

void ignore_broken_pipes() { std::signal(SIGPIPE, SIG_IGN); }

}  // namespace udpchat
