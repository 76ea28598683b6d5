// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "server_fixture.hpp"

namespace udpchat::testing {

// How long a Windows program may take to start under Wine: about a second on an idle machine,
// several times that on CI's two cores busy with two test suites at once.
inline constexpr milliseconds wine_start_deadline{30000};

// The cross-built <program>.exe (in UDPCHAT_WINDOWS_BIN_DIR) with `arguments`, run by Wine.
inline command_line under_wine(const std::string& program, std::vector<std::string> arguments) {
  arguments.insert(arguments.begin(), std::string{UDPCHAT_WINDOWS_BIN_DIR} + "/" + program + ".exe");
  return {UDPCHAT_WINE, std::move(arguments)};
}

// A line a Windows program printed, without the CR that Windows' text mode may write before
// the LF: CRLF is how a Windows program ends a line, and what a script on Windows expects.
inline std::optional<std::string> without_cr(std::optional<std::string> line) {
  if (line && line->ends_with('\r')) line->pop_back();
  return line;
}

// udpchat.exe talking to `server` (a Linux hub, or with --tcp a Linux room), its arrival in the
// server's log confirmed.
struct windows_terminal : running_terminal {
  explicit windows_terminal(running_server& server, std::vector<std::string> extra = {})
      : running_terminal{under_wine("udpchat", with_port(server.port, std::move(extra))), server, " joined",
                         wine_start_deadline} {}

  // The first stdout line holding `text` (without a CR at its end), within the deadline.
  std::optional<std::string> shows(const std::string& text) { return without_cr(running_terminal::shows(text)); }
};

// udpchat-server.exe on 127.0.0.1 and a port the system picked.
struct windows_hub : running_server {
  explicit windows_hub(std::vector<std::string> arguments = on_loopback())
      : running_server{under_wine("udpchat-server", std::move(arguments)), wine_start_deadline} {}
};

}  // namespace udpchat::testing
