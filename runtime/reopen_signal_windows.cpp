// SPDX-License-Identifier: GPL-3.0-or-later
#include "reopen_signal.hpp"

namespace udpchat {

// Windows has no SIGHUP, nor a console event that means "reopen": nothing arrives, and `reopen`
// is never called. A transcript there is rotated by stopping the server (Windows does not let a
// file another program holds open be moved anyway).
struct reopen_signal::waiter {};

reopen_signal::reopen_signal(asio::io_context&, std::function<void()>) {}

reopen_signal::~reopen_signal() = default;

void reopen_signal::cancel() {}

bool reopen_signal::exists() { return false; }

}  // namespace udpchat
