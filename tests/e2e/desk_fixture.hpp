// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// udpchat-desk with its agents: the console agent (the test, through the desk's stdin and
// stdout), remote agents (real udpchat --tcp --agent terminals) and customers on raw sockets.

#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "external_program.hpp"
#include "server_fixture.hpp"
#include "tcp_probe.hpp"

namespace udpchat::testing {

inline constexpr const char* desk_key = "correct horse battery staple";

// A file holding `first_line`, with `mode`; its path.
inline std::string key_file(const std::string& name, const std::string& first_line, mode_t mode = 0600) {
  const std::string path = temporary_path(name);
  {
    std::ofstream out{path, std::ios::trunc};
    out << first_line << '\n';
  }
  ::chmod(path.c_str(), mode);
  return path;
}

// A desk on loopback that takes remote agents with desk_key.
struct agent_desk : running_server {
  explicit agent_desk(std::vector<std::string> extra = {})
      : running_server{"udpchat-desk", with_key(std::move(extra))} {}
  // A desk started by any command line (through `ip netns exec`, say), which gives it its key.
  explicit agent_desk(const command_line& command) : running_server{command} {}
  static std::vector<std::string> with_key(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--agent-key-file", key_file("desk.key", desk_key)});
    return on_loopback(std::move(extra));
  }
  void agent_types(const std::string& line) { process.write_stdin(line + "\n"); }
};

// A remote agent: udpchat --tcp --agent with its lines piped in, once constructed logged in as
// `name` (the desk's welcome seen) or refused (an error seen).
struct remote_agent {
  remote_agent(running_server& desk, const std::string& name, const std::string& key = desk_key)
      : remote_agent{command_line{bin_path("udpchat"), on_loopback(arguments(desk, name, key))}, name} {}
  // Any command line that starts the terminal (through `ip netns exec`, or with --tls, say);
  // arguments() gives what it needs to log in as `name`.
  remote_agent(const command_line& command, const std::string& name) : process{command.path, command.arguments} {
    const auto answer = process.wait_for_stdout([](const std::string& line) {
      return line.starts_with("*** hub: welcome, agent ") || line.starts_with("*** hub: error");
    });
    logged_in = answer && answer->starts_with("*** hub: welcome, agent " + name + ";");
  }
  static std::vector<std::string> on_loopback(std::vector<std::string> arguments) {
    arguments.insert(arguments.end(), {"--host", "127.0.0.1"});
    return arguments;
  }
  static std::vector<std::string> arguments(const running_server& desk, const std::string& name,
                                            const std::string& key = desk_key) {
    return {"--tcp", "--agent", "--agent-key-file", key_file(name + ".key", key), "--name", name, "--port",
            std::to_string(desk.port)};
  }
  void types(const std::string& line) { process.write_stdin(line + "\n"); }
  // The first line shown, from now on, holding `text`.
  std::optional<std::string> shows(const std::string& text) {
    return process.wait_for_stdout([&](const std::string& line) { return line.find(text) != std::string::npos; });
  }
  child_process process;
  bool logged_in = false;
};

// A customer that has connected, had its welcome, given its name, and been seen joining the
// queue by the desk's log.
struct desk_customer {
  desk_customer(running_server& desk, int number, const std::string& name) : socket{desk.port} {
    welcome = socket.read_line().value_or("");
    socket.send(name + "\n");
    thanked = socket.read_line().value_or("");
    arrived = desk.logs("#" + std::to_string(number) + " " + name + " (" + socket.address() + ") is waiting");
  }
  // The next line from an agent or the desk, skipping queue places.
  std::optional<std::string> hears() {
    return socket.read_line_matching([](const std::string& line) { return !line.starts_with("hub____you are now number"); });
  }
  tcp_probe socket;
  std::string welcome;
  std::string thanked;  // the answer to the name
  bool arrived;
};

}  // namespace udpchat::testing
