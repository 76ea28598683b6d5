// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writing to a pipe or socket whose reader has gone. One implementation file per platform.

namespace udpchat {

// From now on such a write fails (EPIPE) instead of ending the process: SIGPIPE is ignored
// (signal(7)). Windows has no such signal, and the write fails there anyway: nothing to do.
void ignore_broken_pipes();

}  // namespace udpchat
