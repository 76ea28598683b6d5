// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <thread>

namespace udpchat::testing {

// Runs `work` on a thread of its own inside the network namespace `netns` (one `ip netns add`
// made, /run/netns/<netns>), and waits for it to end. What `work` makes there stays there: a
// socket keeps the namespace it was opened in whichever thread uses it later, and a file under
// /proc/sys/net is the namespace's. Returns false, without running `work`, when the namespace
// cannot be entered (setns(2) needs CAP_SYS_ADMIN).
inline bool in_network_namespace(const std::string& netns, const std::function<void()>& work) {
  bool entered = false;
  std::thread{[&] {
    const int ns = ::open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC);
    if (ns < 0) return;
    entered = ::setns(ns, CLONE_NEWNET) == 0;
    ::close(ns);
    if (entered) work();
  }}.join();
  return entered;
}

}  // namespace udpchat::testing
