#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "udp_probe.hpp"

namespace udpchat::testing {

// A real udpchat-server on 127.0.0.1 and a port the system picked.
struct running_hub {
  explicit running_hub(std::vector<std::string> arguments = {"--host", "127.0.0.1", "--port", "0"})
      : process{bin_path("udpchat-server"), arguments} {
    const auto listening = process.wait_for_stdout(
        [](const std::string& line) { return line.find("listening on ") != std::string::npos; });
    if (listening) port = port_from_listening_line(*listening).value_or(0);
  }

  // Waits for the hub's log to say `address` joined.
  bool saw_join(const std::string& address) {
    return process
        .wait_for_stdout([&](const std::string& line) {
          return line.find(" " + address + " joined") != std::string::npos;
        })
        .has_value();
  }

  child_process process;
  unsigned short port = 0;
};

// A raw socket that has joined the hub (with an empty datagram) and been logged as a member.
inline std::unique_ptr<udp_probe> joined_probe(running_hub& hub, bool ipv6 = false) {
  auto probe = std::make_unique<udp_probe>(ipv6);
  probe->send_to(hub.port, "");
  EXPECT_TRUE(hub.saw_join(probe->address())) << probe->address();
  return probe;
}

// A real udpchat terminal talking to the hub on `port`, with its membership confirmed.
struct running_terminal {
  running_terminal(running_hub& hub, std::vector<std::string> extra = {})
      : process{bin_path("udpchat"), with_port(hub.port, std::move(extra))} {
    const auto banner = process.wait_for_stderr(
        [](const std::string& line) { return line.find(" as ") != std::string::npos; });
    if (banner) {
      const auto as = banner->find(" as ");
      address = banner->substr(as + 4, banner->find(';', as) - as - 4);
      EXPECT_TRUE(hub.saw_join(address)) << address;
    }
  }

  static std::vector<std::string> with_port(unsigned short port, std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--port", std::to_string(port)});
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
