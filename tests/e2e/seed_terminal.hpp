// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>

#include "server_fixture.hpp"

namespace udpchat::testing {

// tests/seed_compat/<name>, one of the stand-ins for the original Python programs.
inline std::string seed_script(const std::string& name) { return std::string{UDPCHAT_SEED_DIR} + "/" + name; }

// The stand-in for the original Python terminal, talking to `hub` (it joins by speaking).
struct seed_terminal {
  explicit seed_terminal(running_server& hub)
      : process{UDPCHAT_PYTHON, {"-u", seed_script("seed_terminal.py"), "127.0.0.1", std::to_string(hub.port)}} {
    const auto ready = process.wait_for_stdout([](const std::string& l) { return l.starts_with("ready as "); });
    if (ready) address = ready->substr(9);
  }
  child_process process;
  std::string address;
};

}  // namespace udpchat::testing
