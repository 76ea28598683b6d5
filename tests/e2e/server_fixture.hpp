// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "udp_probe.hpp"

namespace udpchat::testing {

// What to start: a program and its arguments, for a test that starts something other than one of
// this build's programs (the Windows build under Wine, say).
struct command_line {
  std::string path;
  std::vector<std::string> arguments;
};

// A real server program on 127.0.0.1 and a port the system picked.
struct running_server {
  running_server(const std::string& program, std::vector<std::string> arguments)
      : running_server{command_line{bin_path(program), std::move(arguments)}} {}
  // Any command line; `start_deadline` is how long it may take to say where it listens.
  explicit running_server(const command_line& command, milliseconds start_deadline = default_deadline)
      : process{command.path, command.arguments} {
    const auto listening = process.wait_for_stdout(
        [](const std::string& line) { return line.find("listening on ") != std::string::npos; }, start_deadline);
    if (listening) port = port_from_listening_line(*listening).value_or(0);
  }

  // Waits for a log line holding `text`.
  bool logs(const std::string& text) {
    return process
        .wait_for_stdout([&](const std::string& line) { return line.find(text) != std::string::npos; })
        .has_value();
  }
  // Waits for the log to say `address` joined.
  bool saw_join(const std::string& address) { return logs(" " + address + " joined"); }

  child_process process;
  unsigned short port = 0;
};

inline std::vector<std::string> on_loopback(std::vector<std::string> extra = {}) {
  extra.insert(extra.begin(), {"--host", "127.0.0.1", "--port", "0"});
  return extra;
}

// udpchat-server, the UDP hub.
struct running_hub : running_server {
  explicit running_hub(std::vector<std::string> arguments = on_loopback())
      : running_server{"udpchat-server", std::move(arguments)} {}
};

// The hub's welcome is the next datagram `probe` receives.
inline void expect_welcome(udp_probe& probe) {
  const auto welcome = probe.receive();
  ASSERT_TRUE(welcome.has_value()) << probe.address();
  EXPECT_TRUE(welcome->starts_with("hub____welcome, you are " + probe.address() + "; ")) << *welcome;
}

// A raw socket that has joined the hub (with an empty datagram), been logged as a member, and
// had its welcome.
inline std::unique_ptr<udp_probe> joined_probe(running_server& hub, bool ipv6 = false) {
  auto probe = std::make_unique<udp_probe>(ipv6);
  probe->send_to(hub.port, "");
  EXPECT_TRUE(hub.saw_join(probe->address())) << probe->address();
  expect_welcome(*probe);
  return probe;
}

// A relayed message or line, as against the hub's own notices ("hub____...").
inline bool is_member_message(const std::string& text) { return !text.starts_with("hub____"); }
// A member's departure as the hub relays it ("<ip:port>____left____qq").
inline bool is_departure(const std::string& datagram) { return datagram.ends_with("____left____qq"); }

// A message from `sender` is the next thing `watcher` receives: proof that nothing came
// before it.
inline void expect_next_is_marker(running_server& hub, udp_probe& sender, udp_probe& watcher) {
  sender.send_to(hub.port, "marker");
  EXPECT_EQ(watcher.receive(), sender.address() + "____marker");
}

// The local port a udpchat terminal reports in its banner ("... as 127.0.0.1:PORT; ..."), for a
// test that stands in for the hub itself; nullopt if no such banner comes within the deadline.
inline std::optional<unsigned short> terminal_port(child_process& terminal) {
  const auto banner = terminal.wait_for_stderr(
      [](const std::string& line) { return line.find(" as 127.0.0.1:") != std::string::npos; });
  if (!banner) return std::nullopt;
  return static_cast<unsigned short>(std::stoi(banner->substr(banner->find(" as 127.0.0.1:") + 14)));
}

// A real udpchat terminal talking to `server`, with its arrival in the server's log confirmed
// (`arrival` is what the log says after the terminal's address: " joined" for the hub and the
// room, " arrived" for the desk).
struct running_terminal {
  running_terminal(running_server& server, std::vector<std::string> extra = {},
                   const std::string& arrival = " joined")
      : running_terminal{command_line{bin_path("udpchat"), with_port(server.port, std::move(extra))}, server,
                         arrival} {}
  // Any terminal's command line (it names the server's port itself); `start_deadline` is how
  // long it may take to print its banner.
  running_terminal(const command_line& command, running_server& server, const std::string& arrival = " joined",
                   milliseconds start_deadline = default_deadline)
      : process{command.path, command.arguments} {
    const auto banner = process.wait_for_stderr(
        [](const std::string& line) { return line.find(" as ") != std::string::npos; }, start_deadline);
    if (banner) {
      const auto as = banner->find(" as ");
      address = banner->substr(as + 4, banner->find(';', as) - as - 4);
      EXPECT_TRUE(server.logs(" " + address + arrival)) << address;
    }
  }

  static std::vector<std::string> with_port(unsigned short port, std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--port", std::to_string(port)});
    // Without --host the terminal would look for a server by discovery.
    if (std::find(extra.begin(), extra.end(), "--host") == extra.end()) extra.insert(extra.begin(), {"--host", "127.0.0.1"});
    return extra;
  }

  // The first stdout line holding `text`, within the deadline.
  std::optional<std::string> shows(const std::string& text) {
    return process.wait_for_stdout(
        [&](const std::string& line) { return line.find(text) != std::string::npos; });
  }

  child_process process;
  std::string address;
};

}  // namespace udpchat::testing
