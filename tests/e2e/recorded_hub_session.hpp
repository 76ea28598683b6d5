// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <signal.h>

#include <cstdio>
#include <functional>
#include <string>

#include "external_program.hpp"
#include "server_fixture.hpp"

namespace udpchat::testing {

// A hub on a port the system picked, writing its own --pcap to a file named `file_name`: two
// members, a and b, join; `talk` has them say what the test needs (the hub listens on `port`);
// then b quits and the hub closes. The capture is removed with the object.
struct recorded_hub_session {
  using talk_function = std::function<void(udp_probe& a, udp_probe& b, unsigned short port)>;

  recorded_hub_session(const std::string& file_name, const talk_function& talk) : path{temporary_path(file_name)} {
    running_hub hub{on_loopback({"--pcap", path})};
    port = hub.port;
    auto a = joined_probe(hub);
    auto b = joined_probe(hub);
    a_address = a->address();
    b_address = b->address();
    talk(*a, *b, hub.port);
    b->send_to(hub.port, "quit");
    EXPECT_EQ(a->receive(), b_address + "____left____qq");
    hub.process.send_signal(SIGTERM);
    EXPECT_EQ(hub.process.wait_exit(), 0);
    EXPECT_EQ(a->receive(), "hub____closing____qq");
  }
  ~recorded_hub_session() { std::remove(path.c_str()); }
  recorded_hub_session(const recorded_hub_session&) = delete;
  recorded_hub_session& operator=(const recorded_hub_session&) = delete;

  std::string path;
  unsigned short port = 0;
  std::string a_address;
  std::string b_address;
};

}  // namespace udpchat::testing
