// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The TCP servers as the end-to-end tests start them, and a member that has joined a room.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "server_fixture.hpp"
#include "tcp_probe.hpp"

namespace udpchat::testing {

// udpchat-room on 127.0.0.1 and a port the system picked, with `extra` arguments.
struct running_room : running_server {
  explicit running_room(std::vector<std::string> extra = {})
      : running_server{"udpchat-room", on_loopback(std::move(extra))} {}
};

// udpchat-desk on 127.0.0.1 and a port the system picked; its agent types on its stdin.
struct running_desk : running_server {
  explicit running_desk(std::vector<std::string> extra = {})
      : running_server{"udpchat-desk", on_loopback(std::move(extra))} {}
  void agent_types(const std::string& line) { process.write_stdin(line + "\n"); }
};

// A connection to `room` that had its welcome and was logged as joined; `receive_buffer` is its
// SO_RCVBUF in bytes (0: the system's default).
inline std::unique_ptr<tcp_probe> joined_member(running_room& room, int receive_buffer = 0) {
  auto member = std::make_unique<tcp_probe>(room.port, receive_buffer);
  const auto welcome = member->read_line();
  EXPECT_TRUE(welcome && welcome->starts_with("hub____welcome, you are " + member->address()))
      << welcome.value_or("(nothing)");
  EXPECT_TRUE(room.saw_join(member->address()));
  return member;
}

}  // namespace udpchat::testing
